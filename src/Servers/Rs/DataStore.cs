using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Rs
{
    // RS's entries in DS: "ep.<label>" (a component's endpoint after a
    // restart), "down.<label>" (while RS keeps it stopped; Availability)
    // and "update.<label>" (the live-update marker the start-up layer
    // looks for). DS answers at once and never calls RS, so these
    // SendRecs cannot deadlock; without DS (small test images) they do
    // nothing.
    internal static unsafe class DataStore
    {
        public static void PublishNumber(string key, uint value)
        {
            Endpoint ds = Endpoints.Lookup("ds");
            Message message;
            if (ds.IsNone || DataStoreMessage.PublishNumber(&message, key, value, DataStoreFlags.Overwrite) != Status.Ok)
                return;
            Ipc.SendRec(ds, &message);
        }

        // A number DS holds; false when DS or the key is not there.
        public static bool RetrieveNumber(string key, out uint value)
        {
            value = 0;
            Endpoint ds = Endpoints.Lookup("ds");
            Message message;
            if (ds.IsNone || DataStoreMessage.Retrieve(&message, key, DataStoreKind.Number) != Status.Ok
                || Ipc.SendRec(ds, &message) != Status.Ok || message.Type != Status.Ok)
                return false;
            value = (uint)DataStoreMessage.Value(&message);
            return true;
        }

        public static void Delete(string key)
        {
            Endpoint ds = Endpoints.Lookup("ds");
            Message message;
            if (ds.IsNone || DataStoreMessage.Delete(&message, key) != Status.Ok)
                return;
            Ipc.SendRec(ds, &message);
        }
    }
}
