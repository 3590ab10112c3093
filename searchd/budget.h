/* budget.h - one connection budget for both front ends.  max-connections
 * covers native TCP and HTTP connections together, and neither front end
 * may hold more than all but an eighth of it (at least one place), so a
 * flood on one leaves room for the other.  The Unix socket, where admin
 * commands come, has BUDGET_ADMIN places of its own beside it.  Loop
 * thread only. */
#ifndef SEARCHD_BUDGET_H
#define SEARCHD_BUDGET_H

typedef enum {
	BUDGET_NATIVE,
	BUDGET_HTTP,
	BUDGET_ADMIN,
	BUDGET_FRONTS
} budget_front_t;

#define BUDGET_ADMIN_PLACES 8

typedef struct {
	unsigned max;                  /* max-connections */
	unsigned held[BUDGET_FRONTS];
} budget_t;

void budget_init(budget_t *b, unsigned max_connections);
/* Takes a place for a new connection of `front`: 0, or -1 when none is
 * free for it. */
int budget_take(budget_t *b, budget_front_t front);
void budget_give(budget_t *b, budget_front_t front);
/* The most connections `front` may hold. */
unsigned budget_cap(const budget_t *b, budget_front_t front);

#endif
