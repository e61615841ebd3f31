using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Wait -- PmWaitRequest: Pid (or -1 for any child), Flags (WaitFlags).
    // Replies PmWaitReply: the child's pid and its status, at once when one
    // has ended (or with NoHang), else later, when a matching child ends.
    internal static unsafe class WaitHandler
    {
        public static int Handle(Server server, ProcessRecord caller, Message* request, Message* reply)
        {
            long pid = PmWaitRequest.Of(request)->Pid;
            long flags = PmWaitRequest.Of(request)->Flags;
            if ((flags & ~WaitFlags.Known) != 0 || pid < int.MinValue || pid > int.MaxValue)
                return Status.BadArgument;
            int status = server.Table.Wait(caller, (int)pid, (flags & WaitFlags.NoHang) != 0, out WaitCompletion done);
            if (status == ProcessTable.Blocked)
                return Server.NoReply;
            if (status != Status.Ok)
                return status;
            PmWaitReply.Of(reply)->Pid = done.Pid;
            PmWaitReply.Of(reply)->ExitStatus = done.Status;
            return Status.Ok;
        }
    }
}
