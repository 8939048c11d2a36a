#include <stdio.h>

struct tok {
	int kind;
	long val;
	char op;
};

static void fill(struct tok *t, int n, int seed)
{
	for (int i = 0; i < n; i++) {
		t[i].kind = i & 3;
		t[i].val = (long)i * seed;
		t[i].op = '+';
	}
}

int main(void)
{
	for (int pass = 0; pass < 2; pass++) {
		struct tok input[128];
		struct tok output[128];
		long sum = 0;

		fill(input, 128, pass + 1);
		fill(output, 128, pass + 2);
		for (int i = 0; i < 128; i++)
			sum += input[i].val + output[i].val;
		printf("pass %d: %ld\n", pass, sum);
	}
	return 0;
}
