using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Ds.Store;

namespace Minix3.Cosmos.Servers.Ds.Handlers
{
    // Delete -- reads Source and the header (key length) with the key at payload
    // byte 8. Replies with the status only. Only the owner's label may
    // delete; subscribers watching the key learn of it as a Deleted change.
    internal static unsafe class DeleteHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            string? key = DataStoreMessage.Key(request);
            if (key == null)
                return DataStoreStatus.BadKey;
            if (!server.Identify(request, out Caller caller))
                return Status.DeadEndpoint;
            return server.Store.Delete(caller, key, server.ToNotify);
        }
    }
}
