using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // PM's process table: pids and parents, zombies until their parent
    // waits, orphans handed to init, pending waits answered when a child
    // ends, and what a signal does. Hardware-free: the server turns the
    // decisions into kernel calls and replies.
    public sealed class ProcessTable
    {
        public const int InitPid = 1;
        public const int MaxPid = 30000;
        // Records PM keeps, zombies included (the kernel frees an ended
        // process's slot at once, so without this a parent that never waits
        // could fill PM's memory with zombies). Fork refuses beyond it.
        public const int MaxRecords = 256;
        // Processes one user other than root may have at once (zombies
        // included): a user who forks without end stops here, with room
        // left for root and for the system's own components.
        public const int MaxPerUser = 48;
        // Wait's result when the caller must wait for a child to end.
        public const int Blocked = 1;

        private readonly List<ProcessRecord> _records = new List<ProcessRecord>();
        private int _nextPid = InitPid + 1;
        private bool _initAdopted;

        public int Count => _records.Count;
        public bool IsFull => _records.Count >= MaxRecords;
        public ProcessRecord this[int index] => _records[index];
        public ProcessRecord? Init { get; private set; }
        public bool InitAdopted => _initAdopted;

        // A live process by endpoint (zombies have none any more).
        public ProcessRecord? ByEndpoint(int endpoint)
        {
            for (int i = 0; i < _records.Count; i++)
            {
                if (_records[i].Endpoint == endpoint && !_records[i].Zombie)
                    return _records[i];
            }
            return null;
        }

        public ProcessRecord? ByPid(int pid)
        {
            for (int i = 0; i < _records.Count; i++)
            {
                if (_records[i].Pid == pid)
                    return _records[i];
            }
            return null;
        }

        // The first user process that calls PM is init: pid 1, no parent.
        // Only once; afterwards an unknown caller stays unknown.
        public ProcessRecord? AdoptInit(int endpoint, string name)
        {
            if (_initAdopted)
                return null;
            _initAdopted = true;
            var init = new ProcessRecord { Pid = InitPid, Parent = 0, Endpoint = endpoint, Name = name, Group = InitPid };
            _records.Add(init);
            Init = init;
            return init;
        }

        // The child of a fork: a new pid, the parent's name, arguments and
        // ignored signals (POSIX keeps dispositions across fork and exec).
        public ProcessRecord Fork(ProcessRecord parent, int childEndpoint)
        {
            var child = new ProcessRecord
            {
                Pid = NewPid(),
                Parent = parent.Pid,
                Endpoint = childEndpoint,
                Name = parent.Name,
                IgnoredSignals = parent.IgnoredSignals,
                Ids = parent.Ids,
                BootImageFirst = parent.BootImageFirst,
                Arguments = parent.Arguments,
                ArgumentCount = parent.ArgumentCount,
                EnvironmentCount = parent.EnvironmentCount,
            };
            SignalRules.Inherit(parent, child);
            _records.Add(child);
            return child;
        }

        // Fork's limit: false when `parent`'s user (not root) already has
        // MaxPerUser processes.
        public bool MayFork(ProcessRecord parent)
        {
            if (parent.Ids.IsRoot)
                return true;
            int count = 0;
            for (int i = 0; i < _records.Count; i++)
            {
                if (_records[i].Ids.RealUid == parent.Ids.RealUid)
                    count++;
            }
            return count < MaxPerUser;
        }

        // A process PM started from nothing for the system (Spawn): init's
        // child, so init collects it when it ends.
        public ProcessRecord? Spawned(int endpoint, string name, byte[] arguments, int argc, int envc)
        {
            if (Init == null || IsFull)
                return null;
            var record = new ProcessRecord
            {
                Pid = NewPid(),
                Parent = InitPid,
                Endpoint = endpoint,
                BootImageFirst = true,
            };
            record.Group = record.Pid;
            Exec(record, name, arguments, argc, envc);
            _records.Add(record);
            return record;
        }

        // A fork that failed after the record was made.
        public void Forget(ProcessRecord record) => _records.Remove(record);

        public static void Exec(ProcessRecord process, string name, byte[] arguments, int argc, int envc)
        {
            process.Name = name;
            process.Arguments = arguments;
            process.ArgumentCount = argc;
            process.EnvironmentCount = envc;
            SignalRules.Exec(process);
        }

        // The process ended with this status. Its children go to init (or,
        // if init is gone or is the one ending, to nobody: zombies among
        // them are dropped). It stays a zombie for its parent unless nobody
        // will wait. Waits this answers are added to `completed`.
        public void Ended(ProcessRecord process, int status, List<WaitCompletion> completed)
        {
            if (process.Zombie)
                return;
            process.Zombie = true;
            process.ExitStatus = status;
            process.PendingWait = false;
            if (process == Init)
                Init = null;
            int heir = Init != null ? InitPid : 0;
            for (int i = 0; i < _records.Count; i++)
            {
                if (_records[i].Parent == process.Pid && _records[i] != process)
                    _records[i].Parent = heir;
            }
            // Zombies nobody will collect go now; init may be waiting for an
            // adopted one.
            for (int i = _records.Count - 1; i >= 0; i--)
            {
                ProcessRecord r = _records[i];
                if (r.Zombie && r != process && r.Parent == 0)
                    _records.RemoveAt(i);
            }
            if (Init != null)
                AnswerWaiter(Init, completed);
            ProcessRecord? parent = process.Parent > 0 ? ByPid(process.Parent) : null;
            if (parent == null || parent.Zombie)
            {
                _records.Remove(process);
                return;
            }
            AnswerWaiter(parent, completed);
        }

        // Wait: Ok with `done` (its Pid 0 when noHang finds nothing ended),
        // Blocked when the caller must wait, NoChildren when nothing matches.
        public int Wait(ProcessRecord caller, int pid, bool noHang, out WaitCompletion done)
        {
            done = default;
            if (pid == 0 || pid < -1)
                return Status.BadArgument;
            bool any = false;
            for (int i = 0; i < _records.Count; i++)
            {
                ProcessRecord r = _records[i];
                if (r.Parent != caller.Pid || (pid != -1 && r.Pid != pid))
                    continue;
                any = true;
                if (r.Zombie)
                {
                    done = Reap(r, caller.Endpoint);
                    return Status.Ok;
                }
            }
            if (!any)
                return PmStatus.NoChildren;
            if (noHang)
            {
                done.ParentEndpoint = caller.Endpoint;
                return Status.Ok;
            }
            caller.PendingWait = true;
            caller.WaitPid = pid;
            return Blocked;
        }

        // Kill: Ok and what to do, or why not. Signal 0, a zombie, an
        // ignored or harmless signal: Ok, nothing to do.
        public int Kill(ProcessRecord sender, int pid, int signal, out ProcessRecord? target, out KillAction action)
        {
            target = null;
            action = KillAction.None;
            if (!Signals.IsValid(signal) || pid <= 0)
                return Status.BadArgument;
            target = ByPid(pid);
            if (target == null)
                return PmStatus.NoSuchProcess;
            // EPERM, for signal 0 too (it asks "may I?" as well as "is it there?").
            if (!sender.Ids.MaySignal(target.Ids))
            {
                target = null;
                return Status.NotAllowed;
            }
            if (target.Zombie || signal == 0)
                return Status.Ok;
            SignalOutcome outcome = SignalRules.Raise(target, signal);
            if (outcome == SignalOutcome.Deliver)
                action = KillAction.Deliver;
            if (outcome != SignalOutcome.End)
                return Status.Ok;
            // Init holds the system together: nobody ends it with a signal.
            if (target.Pid == InitPid)
                return Status.NotAllowed;
            target.SignalSent = signal;
            action = KillAction.End;
            return Status.Ok;
        }

        public static int Ignore(ProcessRecord process, int signal, bool ignore)
        {
            if (!Signals.IsValid(signal) || signal == 0)
                return Status.BadArgument;
            if (!Signals.CanIgnore(signal))
                return Status.NotAllowed;
            if (ignore)
                process.IgnoredSignals |= 1u << signal;
            else
                process.IgnoredSignals &= ~(1u << signal);
            return Status.Ok;
        }

        private void AnswerWaiter(ProcessRecord parent, List<WaitCompletion> completed)
        {
            if (!parent.PendingWait)
                return;
            for (int i = 0; i < _records.Count; i++)
            {
                ProcessRecord r = _records[i];
                if (r.Parent == parent.Pid && r.Zombie && (parent.WaitPid == -1 || parent.WaitPid == r.Pid))
                {
                    parent.PendingWait = false;
                    completed.Add(Reap(r, parent.Endpoint));
                    return;
                }
            }
        }

        private WaitCompletion Reap(ProcessRecord zombie, int parentEndpoint)
        {
            _records.Remove(zombie);
            return new WaitCompletion { ParentEndpoint = parentEndpoint, Pid = zombie.Pid, Status = zombie.ExitStatus };
        }

        private int NewPid()
        {
            while (true)
            {
                int pid = _nextPid;
                _nextPid = _nextPid >= MaxPid ? InitPid + 1 : _nextPid + 1;
                if (ByPid(pid) == null)
                    return pid;
            }
        }
    }

    // Deliver: caught; the process must be interrupted to run its handler.
    public enum KillAction { None, End, Deliver }

    // A Wait answered: who waited, which child, with what status.
    public struct WaitCompletion
    {
        public int ParentEndpoint;
        public int Pid;
        public int Status;
    }
}
