/* Statistics over an array of readings. */
#ifndef STATS_H
#define STATS_H

int *copy_readings(const int *values, int n);
int readings_range(const int *values, int n);

#endif
