using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // Owner-only entries: we may replace (with Overwrite) and delete what we
    // published, never what another label did -- here DS's own "ds" entry --
    // and we may publish a label entry only for ourselves.
    internal static unsafe class OwnershipChecks
    {
        public static void Run()
        {
            Checks.Status("republish-without-overwrite", Client.PublishNumber("test.number", 7), DataStoreStatus.Exists);
            Checks.Status("overwrite-own-entry", Client.PublishNumber("test.number", 43, DataStoreFlags.Overwrite), Status.Ok);
            int status = Client.RetrieveNumber("test.number", out long number);
            Checks.That("overwritten-value", status == Status.Ok && number == 43, string.Concat("status ", status.ToString(), " value ", number.ToString()));

            Checks.Status("overwrite-foreign-entry-refused", Client.PublishNumber(DataStoreKeys.DataStoreLabel, 1, DataStoreFlags.Overwrite), Status.NotAllowed);
            Checks.Status("delete-foreign-entry-refused", Client.Delete(DataStoreKeys.DataStoreLabel), Status.NotAllowed);
            Message message;
            status = Client.Call(&message, DataStoreMessage.Retrieve(&message, DataStoreKeys.DataStoreLabel, DataStoreKind.Label));
            Checks.That("foreign-entry-intact", status == Status.Ok && DataStoreMessage.Value(&message) == Client.Ds.Value,
                string.Concat("status ", status.ToString(), " endpoint ", DataStoreMessage.Value(&message).ToString()));

            status = Client.Call(&message, DataStoreMessage.PublishLabel(&message, "pong", Client.Self, 0));
            Checks.Status("label-for-another-component-refused", status, Status.NotAllowed);
            status = Client.Call(&message, DataStoreMessage.PublishLabel(&message, "dsclient", Client.Ds, DataStoreFlags.Overwrite));
            Checks.Status("own-label-with-foreign-endpoint-refused", status, Status.NotAllowed);

            Checks.Status("delete-own-entry", Client.Delete("test.string"), Status.Ok);
            status = Client.Call(&message, DataStoreMessage.Retrieve(&message, "test.string", DataStoreKind.String));
            Checks.Status("deleted-entry-gone", status, DataStoreStatus.NotFound);
            Checks.Status("delete-missing-key", Client.Delete("test.string"), DataStoreStatus.NotFound);
        }
    }
}
