#include <stdio.h>
#include <string.h>

#define CELLS 64
static char grid[CELLS];

/* A flood fill: how deep it goes depends on the grid, not on a constant. */
static int fill(int c)
{
	if (c < 0 || c >= CELLS || grid[c] != '.')
		return 0;
	grid[c] = 'o';
	return 1 + fill(c + 1) + fill(c - 1);
}

int main(void)
{
	memset(grid, '.', CELLS);
	grid[40] = '#';
	printf("%d cells filled\n", fill(10));
	return 0;
}
