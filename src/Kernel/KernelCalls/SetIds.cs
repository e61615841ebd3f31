using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // SetIds (SetIdsMessage) — Target's effective uid and gid, each
    // 0..65535. PM owns users (real and effective
    // ids, the rules for changing them); it records here the effective ids
    // of a process it changed, so that every server can read its senders'
    // ids with one GetInfo(Process) instead of asking PM. Why this is in
    // ring 0: a server that had to ask PM would wait on PM, and PM waits
    // on VFS, VFS on FS, FS on a disk driver that only RS can restart; RS
    // itself must judge `service` requests by uid. The kernel is the one
    // party every server can ask without waiting on another.
    internal static unsafe class SetIds
    {
        private const long MaxId = 65535;

        internal static int Handle(SetIdsMessage* message)
        {
            Process? target = KernelServices.Processes.Lookup(new Endpoint(message->Target));
            if (target == null)
                return Status.DeadEndpoint;
            if ((ulong)message->UserId > MaxId || (ulong)message->GroupId > MaxId)
                return Status.BadArgument;
            target.UserId = (int)message->UserId;
            target.GroupId = (int)message->GroupId;
            return Status.Ok;
        }
    }
}
