using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.StateProbe
{
    // The state API itself (src/Lib/Sys/StateStore.cs), as stateprobe: a
    // number and a blob round trip, and each refusal has its status.
    // Blobs go through two grants of stateprobe's table (indexes 1 and 2:
    // one DS may read, one it may write).
    internal static unsafe class StoreChecks
    {
        public const int OutGrant = 1, InGrant = 2;
        private const ushort GrantSequence = 1;
        private const int BlobBytes = 300;

        private static readonly byte[] s_out = new byte[DataStoreLimits.MaxBlobLength];
        private static readonly byte[] s_in = new byte[DataStoreLimits.MaxBlobLength];

        public static void Run(GrantEntry[] grants)
        {
            var store = new StateStore("stateprobe");
            if (!Checks.That("store-ds-found", !store.DataStore.IsNone, "no ds"))
                return;
            fixed (byte* output = s_out)
            fixed (byte* input = s_in)
            {
                grants[OutGrant] = Grant(store.DataStore, GrantFlags.Read, output);
                grants[InGrant] = Grant(store.DataStore, GrantFlags.Write, input);
            }
            GrantId readable = GrantId.From(OutGrant, GrantSequence), writable = GrantId.From(InGrant, GrantSequence);

            Checks.Status("store-nothing-saved", store.RestoreNumber("missing", out _), DataStoreStatus.NotFound);
            Checks.Status("store-save-number", store.SaveNumber("n", 41), Status.Ok);
            Checks.Status("store-overwrite-number", store.SaveNumber("n", 42), Status.Ok);
            int status = store.RestoreNumber("n", out uint number);
            Checks.That("store-restore-number", status == Status.Ok && number == 42, string.Concat("status ", status.ToString(), ", value ", number.ToString()));

            for (int i = 0; i < BlobBytes; i++)
                s_out[i] = (byte)(i * 13 + 5);
            Checks.Status("store-save-blob", store.SaveBlob("blob", readable, BlobBytes), Status.Ok);
            status = store.RestoreBlob("blob", writable, DataStoreLimits.MaxBlobLength, out int length);
            bool same = status == Status.Ok && length == BlobBytes;
            for (int i = 0; i < BlobBytes && same; i++)
                same = s_in[i] == s_out[i];
            Checks.That("store-restore-blob", same, string.Concat("status ", status.ToString(), ", length ", length.ToString()));
            status = store.RestoreBlob("blob", writable, BlobBytes - 1, out length);
            Checks.That("store-restore-blob-small-room", status == DataStoreStatus.BufferTooSmall && length == BlobBytes,
                string.Concat("status ", status.ToString(), ", length ", length.ToString()));
            Checks.Status("store-wrong-kind", store.RestoreNumber("blob", out _), DataStoreStatus.WrongKind);
            Checks.Status("store-blob-too-long", store.SaveBlob("big", readable, DataStoreLimits.MaxBlobLength + 1), DataStoreStatus.TooLong);
            Checks.Status("store-name-too-long", store.SaveNumber(new string('x', StateKeys.MaxNameLength("stateprobe") + 1), 1), DataStoreStatus.BadKey);
            Checks.Status("store-bad-name", store.SaveNumber("a b", 1), DataStoreStatus.BadKey);
            Checks.Status("store-delete", store.Delete("n"), Status.Ok);
            Checks.Status("store-deleted", store.RestoreNumber("n", out _), DataStoreStatus.NotFound);
        }

        private static GrantEntry Grant(Endpoint ds, uint rights, byte* buffer) => new GrantEntry
        {
            Flags = GrantFlags.Valid | rights,
            Sequence = GrantSequence,
            Grantee = ds.Value,
            Address = (ulong)buffer,
            Length = DataStoreLimits.MaxBlobLength,
        };
    }
}
