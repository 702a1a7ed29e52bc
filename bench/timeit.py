#!/usr/bin/env python3
"""bench/timeit.py OUT ERR CMD... -- run CMD once (stdout to /dev/null,
stderr to ERR) and write to OUT one line: wall ms, CPU ms (user +
system), peak RSS in KB and the exit status.

The clock is read right around the run, and the CPU time comes from the
child's own rusage (wait4), in microseconds: the shell's `date` calls cost
a millisecond or two of fork and exec on each side of a run, a tenth of
a small course's build, and /usr/bin/time counts CPU in steps of 10 ms,
a seventh of it."""
import os
import subprocess
import sys
import time

out, errpath, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(os.devnull, "wb") as null, open(errpath, "wb") as err:
    t0 = time.perf_counter_ns()
    p = subprocess.Popen(cmd, stdout=null, stderr=err)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter_ns()
rc = os.waitstatus_to_exitcode(status)
with open(out, "w") as f:
    f.write("%.3f %.3f %d %d\n" % ((t1 - t0) / 1e6, (ru.ru_utime + ru.ru_stime) * 1e3,
                                   ru.ru_maxrss, rc))
