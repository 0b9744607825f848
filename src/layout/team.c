/* comention: a team of threads that goes through the phases of many iterations together,
 * meeting at a barrier between phases. ForceAtlas2 runs hundreds of short iterations of
 * a few phases each: starting threads for every phase cost about what they saved, so the
 * team is started once per run and waits at the barrier instead. */
#include <stdlib.h>
#include "layout/layout_int.h"
#include "util/util.h"

typedef struct member {
    cm_team *team;
    size_t t;
} member;

static void *run_member(void *arg)
{
    member *m = arg;
    cm_team *team = m->team;

    /* Wait until the team's width is known: it is the threads that did start. */
    pthread_mutex_lock(&team->lock);
    while (!team->open) {
        pthread_cond_wait(&team->gate, &team->lock);
    }
    pthread_mutex_unlock(&team->lock);
    team->fn(team->ctx, team, m->t);
    return NULL;
}

void cm_team_run(size_t width, void (*fn)(void *ctx, cm_team *team, size_t t), void *ctx)
{
    cm_team team;
    pthread_t *tid = width > 1 ? calloc(width, sizeof(*tid)) : NULL;
    member *m = width > 1 ? calloc(width, sizeof(*m)) : NULL;
    size_t started = 0;

    team.fn = fn;
    team.ctx = ctx;
    team.open = 0;
    pthread_mutex_init(&team.lock, NULL);
    pthread_cond_init(&team.gate, NULL);
    for (size_t t = 1; t < width && tid && m; t++) {
        m[started] = (member){&team, started + 1};
        if (pthread_create(&tid[started], NULL, run_member, &m[started]) == 0) {
            started++;
        }
    }
    team.width = started + 1;
    pthread_barrier_init(&team.barrier, NULL, (unsigned)team.width);
    pthread_mutex_lock(&team.lock);
    team.open = 1;
    pthread_cond_broadcast(&team.gate);
    pthread_mutex_unlock(&team.lock);
    fn(ctx, &team, 0);
    for (size_t t = 0; t < started; t++) {
        pthread_join(tid[t], NULL);
    }
    pthread_barrier_destroy(&team.barrier);
    pthread_cond_destroy(&team.gate);
    pthread_mutex_destroy(&team.lock);
    free(tid);
    free(m);
    if (started > 0) {
        cm_release_thread_memory();
    }
}

void cm_team_sync(cm_team *team)
{
    if (team->width > 1) {
        pthread_barrier_wait(&team->barrier);
    }
}
