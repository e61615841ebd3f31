using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Ds.Store;

namespace Minix3.Cosmos.Servers.Ds.Handlers
{
    // Check ("what changed for me") -- reads only Source. Replies: header
    // key length, kind and change (DataStoreChange) with the key at payload
    // byte 8; or NotFound when nothing is pending, ChangesLost once after
    // changes overflowed, NoSubscription without a subscription.
    internal static unsafe class CheckHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            if (!server.Identify(request, out Caller caller))
                return Status.DeadEndpoint;
            int status = server.Store.Check(caller, out Change change);
            if (status != Status.Ok)
                return status;
            DataStoreMessage.SetHeader(reply, change.Key.Length, change.Kind, 0, change.What, 0);
            DataStoreMessage.WriteText(reply, 0, change.Key);
            return Status.Ok;
        }
    }
}
