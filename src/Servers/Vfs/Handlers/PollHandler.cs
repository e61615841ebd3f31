using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Poll (VfsPollRequest -> VfsPollReply): the rules are PollEngine's.
    // A poll answered now replies here; a held one is answered by the
    // engine (a pipe change, a driver's Select answer, the alarm), so its
    // deadline is handed to VFS's one alarm.
    internal static unsafe class PollHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            VfsPollRequest* asked = VfsPollRequest.Of(request);
            long now = Lib.Sys.Process.UptimeMs();
            int result = server.Polls.Start(request->Source, server.Caller(request).Descriptors, asked->Grant, asked->Count, asked->TimeoutMs, now);
            if (result == PollEngine.Suspended)
            {
                long next = server.Polls.NextDeadline();
                if (next >= 0)
                    AlarmClock.Want(next);
                return Server.NoReply;
            }
            if (result < 0)
                return result;
            VfsPollReply.Of(reply)->Ready = result;
            return Status.Ok;
        }
    }
}
