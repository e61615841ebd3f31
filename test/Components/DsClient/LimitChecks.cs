using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // The store's limits answer with their own errors and are not sticky:
    // filling the store refuses the next new key with StoreFull, and
    // deleting gives the room back. Subscriptions run out with
    // SubscriptionsFull, but repeating one we have is still fine (a
    // restarted component redoes its subscriptions). Runs last: the
    // subscription slots stay taken.
    internal static class LimitChecks
    {
        public static void Run()
        {
            int stored = 0, status = Status.Ok;
            while (stored <= DataStoreLimits.MaxEntries)
            {
                status = Client.PublishNumber(string.Concat("fill.", stored.ToString()), (uint)stored);
                if (status != Status.Ok)
                    break;
                stored++;
            }
            Checks.That("store-full", status == DataStoreStatus.StoreFull && stored > 0 && stored < DataStoreLimits.MaxEntries,
                string.Concat("status ", status.ToString(), " after ", stored.ToString(), " new keys"));
            Checks.Status("overwrite-when-full", Client.PublishNumber("test.number", 44, DataStoreFlags.Overwrite), Status.Ok);
            int deleted = 0;
            for (int i = 0; i < stored; i++)
            {
                if (Client.Delete(string.Concat("fill.", i.ToString())) == Status.Ok)
                    deleted++;
            }
            Checks.That("delete-fill", deleted == stored, string.Concat(deleted.ToString(), " of ", stored.ToString()));
            Checks.Status("room-again-after-delete", Client.PublishNumber("fill.again", 1), Status.Ok);

            int subscribed = 0;
            while (subscribed <= DataStoreLimits.MaxSubscriptions)
            {
                status = Client.Subscribe(string.Concat("limit.", subscribed.ToString(), ".*"));
                if (status != Status.Ok)
                    break;
                subscribed++;
            }
            Checks.That("subscriptions-full", status == DataStoreStatus.SubscriptionsFull && subscribed > 0 && subscribed < DataStoreLimits.MaxSubscriptions,
                string.Concat("status ", status.ToString(), " after ", subscribed.ToString(), " new patterns"));
            Checks.Status("same-pattern-again-when-full", Client.Subscribe("watch.*"), Status.Ok);
        }
    }
}
