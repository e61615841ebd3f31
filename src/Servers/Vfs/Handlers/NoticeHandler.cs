using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // PM's notices: a fork (the child gets the parent's descriptors, sharing
    // the open files, and its working directory) and an exit (everything
    // closed, waiting calls cancelled, pipe peers woken). Only the process
    // labelled "pm" may send them: anyone else is refused (NotAllowed), so a
    // process cannot close another's files or copy them to itself.
    internal static unsafe class NoticeHandler
    {
        public static int Forked(Server server, Message* request)
        {
            if (!FromPm(request))
                return Status.NotAllowed;
            VfsProcessNotice* notice = VfsProcessNotice.Of(request);
            if (!IsEndpoint(notice->Parent) || !IsEndpoint(notice->Child) || notice->Parent == notice->Child)
                return Status.BadArgument;
            int child = (int)notice->Child;
            server.Pipes.CancelCaller(child);
            server.Polls.CancelCaller(child);
            server.Devices.CancelCaller(child);
            Release(server, server.Processes.Fork((int)notice->Parent, child));
            return Status.Ok;
        }

        public static int Exited(Server server, Message* request)
        {
            if (!FromPm(request))
                return Status.NotAllowed;
            long ended = VfsProcessNotice.Of(request)->Parent;
            if (!IsEndpoint(ended))
                return Status.BadArgument;
            int endpoint = (int)ended;
            server.Pipes.CancelCaller(endpoint);
            server.Polls.CancelCaller(endpoint);
            server.Devices.CancelCaller(endpoint);
            Release(server, server.Processes.Exit(endpoint));
            return Status.Ok;
        }

        // PM: a caught signal for this endpoint (PmSignalProtocol.cs). The
        // calls VFS holds for it end Interrupted; a process holds at most
        // one (it waits in SendRec for its answer).
        public static int Interrupted(Server server, Message* request)
        {
            if (!FromPm(request))
                return Status.NotAllowed;
            long ended = VfsProcessNotice.Of(request)->Parent;
            if (!IsEndpoint(ended))
                return Status.BadArgument;
            int endpoint = (int)ended;
            if (server.Pipes.CancelCaller(endpoint) > 0)
                server.Reply(endpoint, SignalStatus.Interrupted, 0);
            server.Polls.InterruptCaller(endpoint);
            server.Devices.InterruptCaller(endpoint);
            return Status.Ok;
        }

        private static void Release(Server server, List<OpenFile> released)
        {
            for (int i = 0; i < released.Count; i++)
                server.Released(released[i]);
        }

        private static bool FromPm(Message* request)
        {
            Endpoint pm = Endpoints.Lookup("pm");
            return !pm.IsNone && pm.Value == request->Source;
        }

        private static bool IsEndpoint(long word) => word >= 0 && word <= int.MaxValue;
    }
}
