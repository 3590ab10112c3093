/* main.c - wsis-searchd: settings, start-up, signals and shutdown.
 *
 *   wsis-searchd [--config FILE] [--index DIR] [--listen HOST:PORT]
 *                [--socket PATH] [--http HOST:PORT] [--foreground] ...
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "backend.h"
#include "clock.h"
#include "conn.h"
#include "errmsg.h"
#include "http.h"
#include "log.h"
#include "server.h"
#include "settings.h"
#include "shards.h"

#define MAIN_USAGE "usage: wsis-searchd [--config FILE] [--KEY=VALUE ...]\n"

static void
main_usage(void)
{
	printf(MAIN_USAGE
	    "Serves a wsis-indexer index over the native protocol (doc/PROTOCOL.md)\n"
	    "and an HTTP JSON API.  Every setting is a flag --KEY=VALUE (or --KEY VALUE)\n"
	    "and a line KEY = VALUE of the config file; flags override the file.\n"
	    "An address is HOST:PORT, [IPV6]:PORT or a PORT alone (127.0.0.1:PORT).\n"
	    "  --config FILE            read settings from FILE\n"
	    "  -f                       same as --foreground\n"
	    "  -h, --help, -V, --version\n");
	settings_usage();
}

/* Turns relative local shard paths into absolute ones (the daemon changes
 * directory; a reload must still find the index).  Returns 0 or -1 with
 * err. */
static int
main_absolute_index(settings_t *s, char *err, size_t errlen)
{
	const char *shards[WSIS_SHARDS_MAX];
	char cwd[4096], *copy = NULL, *out;
	size_t n, i, cap;

	if (getcwd(cwd, sizeof cwd) == NULL)
		return wsis_errmsg(err, errlen, "cannot resolve the index path: %s",
		    strerror(errno));
	if (wsis_shards_split(s->index, &copy, shards, WSIS_SHARDS_MAX, &n, err, errlen) != 0) {
		free(copy);
		return -1;
	}
	cap = strlen(s->index) + n * (strlen(cwd) + 2) + 1;
	out = calloc(1, cap);
	if (out == NULL) {
		free(copy);
		return wsis_errmsg(err, errlen, "out of memory");
	}
	for (i = 0; i < n; i++) {
		int local = shards[i][0] != '/' && !wsis_shards_is_remote(shards[i]);

		snprintf(out + strlen(out), cap - strlen(out), "%s%s%s%s", i > 0 ? "," : "",
		    local ? cwd : "", local ? "/" : "", shards[i]);
	}
	free(copy);
	free(s->index);
	s->index = out;
	return 0;
}

static int
main_is_bool_word(const char *w)
{
	static const char *const words[] = { "yes", "no", "true", "false", "on", "off",
		NULL };
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(w, words[i]) == 0)
			return 1;
	return 0;
}

/* Reads the config file, then the flags over it.  Returns 0; -1 with err
 * for a bad value or config file; -2 with err for a flag that is no option
 * (the caller adds the usage line). */
static int
main_parse_args(settings_t *s, int argc, char **argv, char *err, size_t errlen)
{
	int i;

	/* the config file first, so that flags override it */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			if (settings_load(s, argv[i + 1], err, errlen) != 0)
				return -1;
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			if (settings_load(s, argv[i] + 9, err, errlen) != 0)
				return -1;
		}
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		char key[64];
		const char *value = NULL, *eq;

		if (strcmp(a, "--config") == 0) {
			i++;
			continue;
		}
		if (strncmp(a, "--config=", 9) == 0)
			continue;
		if (strcmp(a, "-f") == 0) {
			s->foreground = 1;
			continue;
		}
		if (a[0] == '-' && a[1] != '-' && a[1] != '\0') {
			snprintf(err, errlen, "unknown option %.60s", a);
			return -2;
		}
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			snprintf(err, errlen, "unexpected argument '%.60s'", a);
			return -2;
		}
		a += 2;
		eq = strchr(a, '=');
		if (eq != NULL) {
			if ((size_t)(eq - a) >= sizeof key) {
				snprintf(err, errlen, "unknown option --%.60s", a);
				return -2;
			}
			memcpy(key, a, (size_t)(eq - a));
			key[eq - a] = '\0';
			value = eq + 1;
		} else {
			snprintf(key, sizeof key, "%s", a);
		}
		if (!settings_known(key) &&
		    !(strncmp(key, "no-", 3) == 0 && settings_is_switch(key + 3))) {
			snprintf(err, errlen, "unknown option --%.60s", key);
			return -2;
		}
		if (eq == NULL) {
			value = "yes";
			if (strncmp(key, "no-", 3) == 0 && settings_is_switch(key + 3)) {
				/* "--no-query-log" takes no value */
			} else if (settings_is_switch(key)) {
				/* "--foreground" alone, or "--query-log no" */
				value = "yes";
				if (i + 1 < argc && main_is_bool_word(argv[i + 1]))
					value = argv[++i];
			} else if (i + 1 < argc) {
				value = argv[++i];
			} else {
				snprintf(err, errlen, "--%s needs a value", key);
				return -2;
			}
		}
		if (strncmp(key, "no-", 3) == 0 && settings_is_switch(key + 3)) {
			if (settings_set(s, key + 3, "no", err, errlen) != 0)
				return -1;
			continue;
		}
		if (settings_set(s, key, value, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int
main_drop_privileges(const char *user)
{
	struct passwd *pw;

	if (user == NULL || *user == '\0' || geteuid() != 0)
		return 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		fprintf(stderr, "wsis-searchd: no such user '%s'\n", user);
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		fprintf(stderr, "wsis-searchd: cannot become %s: %s\n", user, strerror(errno));
		return -1;
	}
	if (setuid(0) == 0) {
		fprintf(stderr, "wsis-searchd: could regain root after dropping it\n");
		return -1;
	}
	return 0;
}

static int
main_daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (chdir("/") != 0)
		return -1;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

/* Every LOG_QUERY_DELAY_MS: writes the query log's waiting lines together
 * (log.h). */
/* Raises the soft limit of descriptors to the hard one (systemd's soft
 * default, 1024, is a few hundred slow clients), and says what it got. */
static void
main_raise_nofile(const settings_t *s)
{
	struct rlimit rl;
	rlim_t was;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	was = rl.rlim_cur;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			rl.rlim_cur = was;
	}
	if (rl.rlim_cur != was)
		log_info("descriptors: %llu (the soft limit was %llu)",
		    (unsigned long long)rl.rlim_cur, (unsigned long long)was);
	else
		log_info("descriptors: %llu", (unsigned long long)rl.rlim_cur);
	/* each connection is one; the index, the listeners and the logs need
	 * some more */
	if (rl.rlim_cur != RLIM_INFINITY &&
	    (unsigned long long)s->max_connections + BUDGET_ADMIN_PLACES + 64 +
	    16ULL * s->workers > (unsigned long long)rl.rlim_cur)
		log_warning("max-connections %u needs more descriptors than the %llu allowed: "
		    "past them, new connections wait", s->max_connections,
		    (unsigned long long)rl.rlim_cur);
}

static void
main_log_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	log_flush();
}

/* While shutting down: exit once nothing is in flight, or at the deadline. */
static void
main_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	server_t *srv = arg;

	(void)fd;
	(void)what;
	if (pool_idle(srv->pool) && srv->nconns == 0 && srv->http_inflight == 0) {
		event_base_loopexit(srv->base, NULL);
	} else if (wsis_clock_s() - srv->shutdown_started > srv->settings->shutdown_timeout_s) {
		log_warning("shutdown: %u connections and %u HTTP requests still open after %u s; "
		    "exiting", srv->nconns, srv->http_inflight, srv->settings->shutdown_timeout_s);
		event_base_loopexit(srv->base, NULL);
	}
}

static void
main_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	server_t *srv = arg;
	struct timeval tick = { 0, 20000 };

	(void)what;
	if (sig == SIGHUP) {
		log_info("SIGHUP: reopening the index");
		srv->stats.reloads++;
		backend_reload(srv);
		return;
	}
	if (srv->shutting_down)
		return;
	log_info("%s: finishing requests in flight, then exiting",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	srv->shutting_down = 1;
	srv->shutdown_started = wsis_clock_s();
	conn_shutdown(srv);
	http_shutdown(srv);
	srv->drain_timer = event_new(srv->base, -1, EV_PERSIST, main_drain_cb, srv);
	if (srv->drain_timer != NULL)
		event_add(srv->drain_timer, &tick);
	else
		event_base_loopexit(srv->base, NULL);
}

int
main(int argc, char **argv)
{
	settings_t s;
	server_t srv;
	char err[1024], cache_desc[32];
	int i, rc = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			main_usage();
			return 0;
		}
		if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
			printf("wsis-searchd " PACKAGE_VERSION "\n");
			return 0;
		}
	}
	settings_defaults(&s);
	if ((i = main_parse_args(&s, argc, argv, err, sizeof err)) != 0) {
		/* the one line that is wrong; the usage line only when the
		 * command line itself is not understood */
		fprintf(stderr, "wsis-searchd: %s\n%s", err, i == -2 ? MAIN_USAGE : "");
		settings_free(&s);
		return 2;
	}
	/* a daemon's stderr is /dev/null: "auto" logs there only in the
	 * foreground (a terminal, or systemd's journal) */
	if (strcmp(s.log_target, "auto") == 0) {
		free(s.log_target);
		s.log_target = strdup(s.foreground ? "stderr" : "syslog");
	}
	if (s.log_target == NULL || log_open(s.log_target, s.log_level) != 0) {
		fprintf(stderr, "wsis-searchd: --log must be stderr, syslog or auto\n");
		settings_free(&s);
		return 2;
	}
	if (main_absolute_index(&s, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-searchd: %s\n", err);
		settings_free(&s);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	main_raise_nofile(&s);

	memset(&srv, 0, sizeof srv);
	srv.settings = &s;
	snprintf(srv.software, sizeof srv.software, "wsis-searchd/" PACKAGE_VERSION);
	stats_init(&srv.stats);
	budget_init(&srv.budget, s.max_connections);
	if (evthread_use_pthreads() != 0 || (srv.base = event_base_new()) == NULL) {
		fprintf(stderr, "wsis-searchd: cannot start the event loop\n");
		goto out;
	}
	/* everything that can fail at start-up is tried before the fork, so
	 * the error reaches the terminal; threads start after it */
	if (index_check(&s, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-searchd: %s\n", err);
		goto out;
	}
	if (conn_listen(&srv, err, sizeof err) != 0 || http_listen(&srv, err, sizeof err) != 0) {
		fprintf(stderr, "wsis-searchd: %s\n", err);
		goto out;
	}
	if (main_drop_privileges(s.user) != 0)
		goto out;
	if (!s.foreground) {
		if (main_daemonize() != 0 || event_reinit(srv.base) != 0) {
			fprintf(stderr, "wsis-searchd: cannot daemonize: %s\n", strerror(errno));
			goto out;
		}
	}
	if (backend_start(&srv, err, sizeof err) != 0) {
		log_error("%s", err);
		goto out;
	}
	if (s.pidfile != NULL) {
		FILE *f = fopen(s.pidfile, "w");
		if (f == NULL || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0) {
			log_error("cannot write pidfile %s: %s", s.pidfile, strerror(errno));
			goto out;
		}
	}
	srv.sig_hup = evsignal_new(srv.base, SIGHUP, main_signal_cb, &srv);
	srv.sig_term = evsignal_new(srv.base, SIGTERM, main_signal_cb, &srv);
	srv.sig_int = evsignal_new(srv.base, SIGINT, main_signal_cb, &srv);
	if (srv.sig_hup == NULL || srv.sig_term == NULL || srv.sig_int == NULL ||
	    event_add(srv.sig_hup, NULL) != 0 || event_add(srv.sig_term, NULL) != 0 ||
	    event_add(srv.sig_int, NULL) != 0) {
		log_error("cannot install signal handlers");
		goto out;
	}
	if (s.cache_mb > 0)
		snprintf(cache_desc, sizeof cache_desc, "%u MiB", s.cache_mb);
	else
		snprintf(cache_desc, sizeof cache_desc, "off");
	log_info("serving %s (%lu passages) with %u workers; native %s%s%s, http %s; "
	    "reply cache %s", s.index, index_documents(srv.index), s.workers,
	    s.listen && *s.listen ? s.listen : "off",
	    s.socket_path ? ", unix " : "", s.socket_path ? s.socket_path : "",
	    s.http && *s.http ? s.http : "off", cache_desc);
	if (s.query_log) {
		struct timeval every = { 0, LOG_QUERY_DELAY_MS * 1000 };
		srv.log_timer = event_new(srv.base, -1, EV_PERSIST, main_log_flush_cb, &srv);
		if (srv.log_timer == NULL || event_add(srv.log_timer, &every) != 0) {
			log_error("cannot start the query log's timer");
			goto out;
		}
	}
	if (event_base_dispatch(srv.base) < 0)
		log_error("event loop failed");
	else
		rc = 0;
	log_flush();
	log_info("stopped");
out:
	/* connections first: a job still at the workers is freed by pool_free()
	 * (backend_stop), and conn_free() must not walk it after that */
	conn_free_all(&srv);
	backend_stop(&srv);
	http_free(&srv);
	if (srv.drain_timer != NULL)
		event_free(srv.drain_timer);
	if (srv.log_timer != NULL)
		event_free(srv.log_timer);
	log_flush();
	if (srv.sig_hup != NULL)
		event_free(srv.sig_hup);
	if (srv.sig_term != NULL)
		event_free(srv.sig_term);
	if (srv.sig_int != NULL)
		event_free(srv.sig_int);
	if (srv.base != NULL)
		event_base_free(srv.base);
	if (s.pidfile != NULL && rc == 0)
		unlink(s.pidfile);
	log_close();
	settings_free(&s);
	libevent_global_shutdown();
	return rc;
}
