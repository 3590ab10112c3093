/* budget.c - one connection budget for both front ends (budget.h). */
#include "budget.h"

void
budget_init(budget_t *b, unsigned max_connections)
{
	unsigned i;

	b->max = max_connections;
	for (i = 0; i < BUDGET_FRONTS; i++)
		b->held[i] = 0;
}

unsigned
budget_cap(const budget_t *b, budget_front_t front)
{
	unsigned keep = b->max / 8;

	if (front == BUDGET_ADMIN)
		return BUDGET_ADMIN_PLACES;
	if (keep == 0 && b->max > 1)
		keep = 1;
	return b->max - keep;
}

int
budget_take(budget_t *b, budget_front_t front)
{
	if (b->held[front] >= budget_cap(b, front))
		return -1;
	if (front != BUDGET_ADMIN && b->held[BUDGET_NATIVE] + b->held[BUDGET_HTTP] >= b->max)
		return -1;
	b->held[front]++;
	return 0;
}

void
budget_give(budget_t *b, budget_front_t front)
{
	if (b->held[front] > 0)
		b->held[front]--;
}
