using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Ds.Store;

namespace Minix3.Cosmos.Servers.Ds.Handlers
{
    // Subscribe -- reads Source and the header (pattern length, flags) with
    // the pattern (in the key's place). Replies with the
    // status only. The subscription belongs to the caller's label; with
    // DataStoreFlags.Initial the current matches are queued as changes and
    // the caller is notified at once.
    internal static unsafe class SubscribeHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            string? pattern = DataStoreMessage.Key(request);
            if (pattern == null)
                return DataStoreStatus.BadKey;
            if (!server.Identify(request, out Caller caller))
                return Status.DeadEndpoint;
            return server.Store.Subscribe(caller, pattern, DataStoreMessage.Flags(request), server.ToNotify);
        }
    }
}
