using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // Each kind of entry goes in and comes back out unchanged: a u32, a
    // string (up to the 40-byte inline limit), a blob through grants both
    // ways, and a label naming our own endpoint. DS's own label entry,
    // which it publishes at start, is there too.
    internal static unsafe class EntryChecks
    {
        public static void Run()
        {
            Message message;
            int status = Client.Call(&message, DataStoreMessage.Retrieve(&message, DataStoreKeys.DataStoreLabel, DataStoreKind.Label));
            Checks.That("ds-publishes-its-label", status == Status.Ok && DataStoreMessage.Value(&message) == Client.Ds.Value,
                string.Concat("status ", status.ToString(), " endpoint ", DataStoreMessage.Value(&message).ToString()));

            Checks.Status("publish-number", Client.PublishNumber("test.number", 42), Status.Ok);
            status = Client.RetrieveNumber("test.number", out long number);
            Checks.That("retrieve-number", status == Status.Ok && number == 42, string.Concat("status ", status.ToString(), " value ", number.ToString()));

            RoundTripString("string", "test.string", "hello from dsclient");
            RoundTripString("string-of-40-bytes", "s40", "0123456789abcdefghijABCDEFGHIJ!#$%&()+,-");

            Checks.Status("publish-own-label", Client.Call(&message, DataStoreMessage.PublishLabel(&message, "dsclient", Client.Self, 0)), Status.Ok);
            status = Client.Call(&message, DataStoreMessage.Retrieve(&message, "dsclient", DataStoreKind.Label));
            Checks.That("retrieve-own-label", status == Status.Ok && DataStoreMessage.Value(&message) == Client.Self.Value,
                string.Concat("status ", status.ToString(), " endpoint ", DataStoreMessage.Value(&message).ToString()));

            RoundTripBlob();

            status = Client.Call(&message, DataStoreMessage.Retrieve(&message, "test.number", DataStoreKind.String));
            Checks.Status("retrieve-as-wrong-kind", status, DataStoreStatus.WrongKind);
            Checks.Status("retrieve-missing-key", Client.RetrieveNumber("test.nothing", out _), DataStoreStatus.NotFound);
        }

        private static void RoundTripString(string check, string key, string text)
        {
            Message message;
            Checks.Status(string.Concat("publish-", check), Client.Call(&message, DataStoreMessage.PublishString(&message, key, text, 0)), Status.Ok);
            int status = Client.Call(&message, DataStoreMessage.Retrieve(&message, key, DataStoreKind.String));
            string back = status == Status.Ok ? DataStoreMessage.RetrievedString(&message) : "";
            Checks.That(string.Concat("retrieve-", check), status == Status.Ok && back == text,
                string.Concat("status ", status.ToString(), " text \"", back, "\""));
        }

        private static void RoundTripBlob()
        {
            const int length = 1000;
            for (int i = 0; i < length; i++)
                Client.Outgoing[i] = (byte)(i * 7 + 3);
            Message message;
            Checks.Status("publish-blob", Client.Call(&message, DataStoreMessage.PublishBlob(&message, "test.blob", Client.ReadGrant, length, 0)), Status.Ok);

            int status = Client.Call(&message, DataStoreMessage.Retrieve(&message, "test.blob", DataStoreKind.Blob, Client.WriteGrant, Client.BufferBytes));
            bool same = status == Status.Ok && DataStoreMessage.BlobLength(&message) == length;
            for (int i = 0; same && i < length; i++)
                same = Client.Incoming[i] == Client.Outgoing[i];
            Checks.That("retrieve-blob", same, string.Concat("status ", status.ToString(), " length ", DataStoreMessage.BlobLength(&message).ToString()));

            status = Client.Call(&message, DataStoreMessage.Retrieve(&message, "test.blob", DataStoreKind.Blob, Client.WriteGrant, length - 1));
            Checks.That("retrieve-blob-into-too-little-room", status == DataStoreStatus.BufferTooSmall && DataStoreMessage.BlobLength(&message) == length,
                string.Concat("status ", status.ToString(), " length ", DataStoreMessage.BlobLength(&message).ToString()));
        }
    }
}
