using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Pm
{
    // What VFS must hear from PM: a fork (the child gets a copy of the
    // parent's descriptors before it runs), an ending (its descriptors are
    // closed), and a sync before shutdown. VFS never calls PM with SendRec,
    // so PM's SendRec to VFS cannot close a cycle. Without VFS (images that
    // do not have it) PM carries on and says so once.
    internal static unsafe class Vfs
    {
        public const string Label = "vfs";
        private static Endpoint s_vfs = Endpoint.None;
        private static bool s_reported;

        public static void Forked(int parent, int child) => Tell(PmToVfs.Forked, parent, child);

        public static void Ended(int endpoint) => Tell(PmToVfs.Ended, endpoint, 0);

        public static int Sync() => Tell(PmToVfs.Sync, 0, 0);

        // A caught signal for this process: VFS ends the calls it holds for it.
        public static void Interrupt(int endpoint) => Tell(PmSignalToVfs.Interrupt, endpoint, 0);

        private static int Tell(int type, long endpoint, long child)
        {
            Message message = default;
            message.Type = type;
            PmProcessNotice.Of(&message)->Endpoint = endpoint;
            PmProcessNotice.Of(&message)->Child = child;
            return Send(&message);
        }

        private static int Send(Message* message)
        {
            int type = message->Type;
            int status = Call(message);
            if (status != Status.Ok && !s_reported)
            {
                s_reported = true;
                Diagnostics.Print(string.Concat("pm: vfs did not take message 0x", type.ToString("x"), " (status ", status.ToString(),
                    "); carrying on without it"));
            }
            return status;
        }

        // One exchange; a restarted VFS is looked up again.
        private static int Call(Message* message)
        {
            Message copy = *message;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                if (s_vfs.IsNone)
                    s_vfs = Endpoints.Lookup(Label);
                if (s_vfs.IsNone)
                    return Status.DeadEndpoint;
                *message = copy;
                int status = Ipc.SendRec(s_vfs, message);
                if (status == Status.DeadEndpoint)
                {
                    s_vfs = Endpoint.None;
                    continue;
                }
                return status != Status.Ok ? status : message->Type;
            }
            return Status.DeadEndpoint;
        }
    }
}
