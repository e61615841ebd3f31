using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // Requests no correct client sends: each must get its error reply and
    // change nothing, and DS must go on answering. The messages are built
    // correctly, then one field is broken by hand (and built again for every
    // request: SendRec leaves the reply in the message).
    internal static unsafe class MalformedChecks
    {
        public static void Run()
        {
            Message message;
            DataStoreMessage.PublishNumber(&message, "bad.key", 1, 0);
            message.Type = 0x1234;
            Checks.Status("unknown-request", Client.Call(&message), DataStoreStatus.UnknownRequest);

            DataStoreMessage.PublishNumber(&message, "bad.key", 1, 0);
            message.Payload[0] = 0;
            Checks.Status("empty-key", Client.Call(&message), DataStoreStatus.BadKey);

            DataStoreMessage.PublishNumber(&message, "bad.key", 1, 0);
            message.Payload[0] = 40;
            Checks.Status("key-length-past-limit", Client.Call(&message), DataStoreStatus.BadKey);

            Checks.Status("non-ascii-key", Client.PublishNumber("bad.k\u00e9y", 1), DataStoreStatus.BadKey);
            Checks.Status("key-with-space", Client.PublishNumber("bad key", 1), DataStoreStatus.BadKey);
            Checks.Status("wildcard-in-key", Client.PublishNumber("bad.*", 1), DataStoreStatus.BadKey);

            DataStoreMessage.PublishNumber(&message, "bad.key", 1, 0);
            message.Payload[1] = 9;
            Checks.Status("unknown-kind", Client.Call(&message), Status.BadArgument);

            Checks.Status("unknown-flag", Client.PublishNumber("bad.key", 1, 0x80), Status.BadArgument);

            DataStoreMessage.PublishNumber(&message, "bad.key", 1, 0);
            DataStoreMessage.SetValue(&message, 1L << 40);
            Checks.Status("number-past-u32", Client.Call(&message), Status.BadArgument);

            DataStoreMessage.PublishString(&message, "bad.key", "x", 0);
            message.Payload[2] = 41;   // still inside the text bytes, past the limit
            Checks.Status("string-past-limit", Client.Call(&message), DataStoreStatus.TooLong);
            DataStoreMessage.PublishString(&message, "bad.key", "x", 0);
            message.Payload[2] = 200;
            Checks.Status("string-past-message", Client.Call(&message), DataStoreStatus.TooLong);

            DataStoreMessage.PublishBlob(&message, "bad.key", Client.ReadGrant, DataStoreLimits.MaxBlobLength + 1, 0);
            Checks.Status("blob-past-limit", Client.Call(&message), DataStoreStatus.TooLong);
            DataStoreMessage.PublishBlob(&message, "bad.key", Client.ReadGrant, -1, 0);
            Checks.Status("negative-blob-length", Client.Call(&message), Status.BadArgument);
            DataStoreMessage.PublishBlob(&message, "bad.key", GrantId.From(7, 3), 16, 0);
            Checks.Status("forged-grant", Client.Call(&message), Status.BadGrant);
            DataStoreMessage.PublishBlob(&message, "bad.key", Client.WriteGrant, 16, 0);
            Checks.Status("grant-without-read-right", Client.Call(&message), Status.GrantRights);
            Checks.Status("nothing-stored-after-refusals", Client.RetrieveNumber("bad.key", out _), DataStoreStatus.NotFound);

            DataStoreMessage.PublishBlob(&message, "test.blob", Client.ShortGrant, Client.ShortGrantBytes + 1, DataStoreFlags.Overwrite);
            Checks.Status("blob-longer-than-its-grant", Client.Call(&message), Status.OutOfRange);
            DataStoreMessage.Retrieve(&message, "test.blob", DataStoreKind.Blob, Client.ReadGrant, Client.BufferBytes);
            Checks.Status("retrieve-through-read-only-grant", Client.Call(&message), Status.GrantRights);
            DataStoreMessage.Retrieve(&message, "test.blob", DataStoreKind.Blob, Client.WriteGrant, Client.BufferBytes);
            int status = Client.Call(&message);
            Checks.That("blob-intact-after-refusals", status == Status.Ok && DataStoreMessage.BlobLength(&message) == 1000,
                string.Concat("status ", status.ToString(), " length ", DataStoreMessage.BlobLength(&message).ToString()));

            DataStoreMessage.Retrieve(&message, "test.number", DataStoreKind.Number);
            message.Payload[1] = 0;
            Checks.Status("retrieve-without-kind", Client.Call(&message), Status.BadArgument);

            status = Client.RetrieveNumber("test.number", out long number);
            Checks.That("ds-still-answers", status == Status.Ok && number == 43, string.Concat("status ", status.ToString(), " value ", number.ToString()));
        }
    }
}
