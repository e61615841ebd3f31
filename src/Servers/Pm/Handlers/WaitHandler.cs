using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Wait -- reads Word0 (pid, or -1 for any child) and Word1 (WaitFlags).
    // Replies Word0 the child's pid and Word1 its status, at once when one
    // has ended (or with NoHang), else later, when a matching child ends.
    internal static unsafe class WaitHandler
    {
        public static int Handle(Server server, ProcessRecord caller, Message* request, Message* reply)
        {
            long pid = request->Word0;
            long flags = request->Word1;
            if ((flags & ~WaitFlags.Known) != 0 || pid < int.MinValue || pid > int.MaxValue)
                return Status.BadArgument;
            int status = server.Table.Wait(caller, (int)pid, (flags & WaitFlags.NoHang) != 0, out WaitCompletion done);
            if (status == ProcessTable.Blocked)
                return Server.NoReply;
            if (status != Status.Ok)
                return status;
            reply->Word0 = done.Pid;
            reply->Word1 = done.Status;
            return Status.Ok;
        }
    }
}
