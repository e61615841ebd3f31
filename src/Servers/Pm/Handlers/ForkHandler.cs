using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Fork -- nothing in the request. The kernel copies the caller (the
    // copy starts stopped and, like its parent, waits for PM's reply); PM
    // gives it a pid, lets VFS copy the descriptor table, answers the child
    // 0, resumes it, and answers the parent the child's pid. WouldBlock
    // when PM already keeps ProcessTable.MaxRecords processes, or the
    // caller's user (not root) has ProcessTable.MaxPerUser.
    internal static unsafe class ForkHandler
    {
        public static int Handle(Server server, ProcessRecord caller, Message* reply)
        {
            // EAGAIN: too many processes, most likely zombies nobody waits for.
            if (server.Table.IsFull || !server.Table.MayFork(caller))
                return Status.WouldBlock;
            int status = Kernel.Fork(caller.Endpoint, out int child);
            if (status != Status.Ok)
                return status;
            ProcessRecord record = server.Table.Fork(caller, child);
            Vfs.Forked(caller.Endpoint, child);
            Message childReply = default;
            childReply.Type = Status.Ok;
            PmPidReply.Of(&childReply)->Pid = 0;
            Ipc.SendAsync(new Endpoint(child), &childReply);
            status = Kernel.Resume(child);
            if (status != Status.Ok)
            {
                // The copy cannot run: end it; its report finds no record.
                server.Table.Forget(record);
                Kernel.Kill(child);
                return status;
            }
            PmPidReply.Of(reply)->Pid = record.Pid;
            return Status.Ok;
        }
    }
}
