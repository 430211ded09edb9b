// Linked into every executable of a ThreadSanitizer build (see the top-level CMakeLists.txt), and
// only there: it makes two things TSan (gcc 12, clang 14) does not handle go through calls it does.
//
// - librdkafka runs its threads, mutexes and condition variables through C11 <threads.h>.
//   glibc implements those on pthreads internally, past TSan's interceptors: a thread made by
//   thrd_create has no TSan state and crashes in its first malloc, and its locks and joins are
//   invisible (every access after them looks like a race). Each function here is the pthread
//   call that glibc's own makes, so the types are the same (glibc's mtx_t is a pthread_mutex_t).
// - Qt 6.4's QProcess starts a child with clone(CLONE_VM | CLONE_VFORK). TSan's clone()
//   interceptor treats every clone as a fork and runs its "after fork, in the child" code, which
//   with a shared address space marks the test process itself as forked: its next thread dies
//   ("starting new threads after multi-threaded fork"), and with die_after_fork=0 TSan stops
//   checking it. Without CLONE_VM|CLONE_VFORK the child is a plain fork (Qt waits for the exec
//   through its pipe either way).

#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <threads.h>

#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <new>

namespace {

struct ThreadStart
{
    thrd_start_t function;
    void *argument;
};

void *runThread(void *start)
{
    const ThreadStart copy = *static_cast<ThreadStart *>(start);
    delete static_cast<ThreadStart *>(start);
    return reinterpret_cast<void *>(std::intptr_t(copy.function(copy.argument)));
}

int result(int error, int busy = thrd_busy)
{
    switch (error) {
    case 0:
        return thrd_success;
    case EBUSY:
        return busy;
    case ETIMEDOUT:
        return thrd_timedout;
    case ENOMEM:
    case EAGAIN:
        return thrd_nomem;
    default:
        return thrd_error;
    }
}

pthread_mutex_t *native(mtx_t *mutex)
{
    return reinterpret_cast<pthread_mutex_t *>(mutex);
}
pthread_cond_t *native(cnd_t *condition)
{
    return reinterpret_cast<pthread_cond_t *>(condition);
}

} // namespace

extern "C" {

int thrd_create(thrd_t *thread, thrd_start_t function, void *argument)
{
    auto *start = new (std::nothrow) ThreadStart{function, argument};
    if (!start)
        return thrd_nomem;
    const int error = pthread_create(thread, nullptr, runThread, start);
    if (error)
        delete start;
    return result(error);
}

int thrd_join(thrd_t thread, int *code)
{
    void *value = nullptr;
    const int error = pthread_join(thread, &value);
    if (!error && code)
        *code = int(std::intptr_t(value));
    return result(error);
}

int thrd_detach(thrd_t thread)
{
    return result(pthread_detach(thread));
}

int mtx_init(mtx_t *mutex, int type)
{
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    if (type & mtx_recursive)
        pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
    const int error = pthread_mutex_init(native(mutex), &attributes);
    pthread_mutexattr_destroy(&attributes);
    return result(error);
}

int mtx_lock(mtx_t *mutex)
{
    return result(pthread_mutex_lock(native(mutex)));
}

int mtx_trylock(mtx_t *mutex)
{
    return result(pthread_mutex_trylock(native(mutex)));
}

int mtx_timedlock(mtx_t *mutex, const struct timespec *until)
{
    return result(pthread_mutex_timedlock(native(mutex), until));
}

int mtx_unlock(mtx_t *mutex)
{
    return result(pthread_mutex_unlock(native(mutex)));
}

void mtx_destroy(mtx_t *mutex)
{
    pthread_mutex_destroy(native(mutex));
}

int cnd_init(cnd_t *condition)
{
    return result(pthread_cond_init(native(condition), nullptr));
}

int cnd_signal(cnd_t *condition)
{
    return result(pthread_cond_signal(native(condition)));
}

int cnd_broadcast(cnd_t *condition)
{
    return result(pthread_cond_broadcast(native(condition)));
}

int cnd_wait(cnd_t *condition, mtx_t *mutex)
{
    return result(pthread_cond_wait(native(condition), native(mutex)));
}

int cnd_timedwait(cnd_t *condition, mtx_t *mutex, const struct timespec *until)
{
    return result(pthread_cond_timedwait(native(condition), native(mutex), until));
}

void cnd_destroy(cnd_t *condition)
{
    pthread_cond_destroy(native(condition));
}

int clone(int (*function)(void *), void *stack, int flags, void *argument, ...)
{
    va_list rest;
    va_start(rest, argument);
    pid_t *parentTid = va_arg(rest, pid_t *);
    void *tls = va_arg(rest, void *);
    pid_t *childTid = va_arg(rest, pid_t *);
    va_end(rest);
    using Clone = int (*)(int (*)(void *), void *, int, void *, ...);
    static const auto next = reinterpret_cast<Clone>(dlsym(RTLD_NEXT, "clone"));
    return next(function, stack, flags & ~(CLONE_VM | CLONE_VFORK), argument, parentTid, tls,
                childTid);
}

} // extern "C"
