#ifndef SWIFT_DATA_API_CSYSTEM_SHIM_H
#define SWIFT_DATA_API_CSYSTEM_SHIM_H

/* The few GNU extensions of glibc the client uses, which Swift's Glibc module leaves out (it
   is built without _GNU_SOURCE). Declared here with their documented prototypes. */

#ifdef __linux__
#include <pthread.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

/* pipe2(2): a pipe whose ends are close-on-exec from the start. */
extern int pipe2(int pipefd[2], int flags);
/* pthread_setname_np(3): a thread's name, at most 15 bytes. */
extern int pthread_setname_np(pthread_t thread, const char *name);
/* posix_spawn_file_actions_addclosefrom_np(3) (glibc 2.34): close every descriptor from
   `from` up in the child. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
#endif

#endif
