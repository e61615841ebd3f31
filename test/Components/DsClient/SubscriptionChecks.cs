using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // Publish/subscribe: a change to a key matching our pattern brings a
    // notification from DS, and Check then names the key and the change
    // (once); keys outside the pattern bring nothing; Initial reports what
    // already exists; more changes than DS keeps per subscriber are
    // reported as lost rather than silently dropped.
    internal static class SubscriptionChecks
    {
        private const long Patience = 2000;    // ms a notification may take
        private const long Quiet = 300;        // ms we wait to see that none comes

        public static void Run()
        {
            Checks.Status("check-without-subscription", Client.Check(out _, out _), DataStoreStatus.NoSubscription);
            Checks.Status("subscribe-pattern", Client.Subscribe("watch.*"), Status.Ok);
            Checks.Status("nothing-changed-yet", Client.Check(out _, out _), DataStoreStatus.NotFound);

            Client.PublishNumber("watch.alpha", 7);
            Checks.That("notified-on-publish", Client.AwaitNotification(Patience), "no notification from ds");
            ExpectChange("check-reports-publish", "watch.alpha", DataStoreChange.Published);
            Checks.Status("change-reported-once", Client.Check(out _, out _), DataStoreStatus.NotFound);

            Client.PublishNumber("other.beta", 8);
            Checks.That("non-matching-key-not-notified", !Client.AwaitNotification(Quiet), "notified for other.beta");
            Checks.Status("non-matching-key-not-reported", Client.Check(out _, out _), DataStoreStatus.NotFound);

            Client.Delete("watch.alpha");
            Checks.That("notified-on-delete", Client.AwaitNotification(Patience), "no notification from ds");
            ExpectChange("check-reports-delete", "watch.alpha", DataStoreChange.Deleted);

            Checks.Status("subscribe-with-initial", Client.Subscribe("test.num*", DataStoreFlags.Initial), Status.Ok);
            Checks.That("notified-of-existing-match", Client.AwaitNotification(Patience), "no notification from ds");
            ExpectChange("check-reports-existing-match", "test.number", DataStoreChange.Published);

            Overflow();
        }

        // One more key than DS keeps pending: ChangesLost first, then the
        // changes it kept, then nothing.
        private static void Overflow()
        {
            int keys = DataStoreLimits.MaxPendingChanges + 1, published = 0;
            for (int i = 0; i < keys; i++)
            {
                if (Client.PublishNumber(string.Concat("watch.", i.ToString()), (uint)i) == Status.Ok)
                    published++;
            }
            Checks.That("publish-many-watched-keys", published == keys, string.Concat(published.ToString(), " of ", keys.ToString()));
            Checks.That("notified-for-many-changes", Client.AwaitNotification(Patience), "no notification from ds");
            Checks.Status("overflow-reported-as-lost", Client.Check(out _, out _), DataStoreStatus.ChangesLost);
            int kept = 0, status;
            while ((status = Client.Check(out _, out _)) == Status.Ok)
                kept++;
            Checks.That("kept-changes-then-none", kept == DataStoreLimits.MaxPendingChanges && status == DataStoreStatus.NotFound,
                string.Concat(kept.ToString(), " kept, then status ", status.ToString()));

            for (int i = 0; i < keys; i++)
                Client.Delete(string.Concat("watch.", i.ToString()));
            // Leave nothing pending for the checks that follow.
            Client.AwaitNotification(Patience);
            int drained;
            do
                drained = Client.Check(out _, out _);
            while (drained == Status.Ok || drained == DataStoreStatus.ChangesLost);
        }

        private static void ExpectChange(string check, string key, int change)
        {
            int status = Client.Check(out string changedKey, out int what);
            Checks.That(check, status == Status.Ok && changedKey == key && what == change,
                string.Concat("status ", status.ToString(), " key ", changedKey, " change ", what.ToString()));
        }
    }
}
