using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // VFS's grant table: slot 0 the path buffer for fs (read-only), slot 1
    // the data buffer for fs (read-write), slot 2 the user's buffer handed
    // on to fs for one Read or Write (an indirect grant over the user's own
    // grant, so fs copies straight to or from the user), the rest one per
    // device call in flight, each over that call's own buffer and granted
    // to its driver.
    // The kernel reads the live table, so changing an entry needs no new
    // Publish; a slot's sequence number is bumped on every reuse, so an id a
    // driver kept from an earlier call fails. The arrays are static: the
    // heap never moves objects, so the addresses in the entries stay valid.
    internal sealed unsafe class GrantTable
    {
        public const int PathSlot = 0, DataSlot = 1, HandOnSlot = 2, FirstDeviceSlot = 3, Slots = 19;

        private static readonly GrantEntry[] s_entries = new GrantEntry[Slots];
        private static readonly byte[] s_path = new byte[2 * FileSystemLimits.MaxPathLength + 1];
        private static readonly byte[] s_data = new byte[FileSystemLimits.MaxTransfer];

        // Device buffers stay referenced here while granted (the collector
        // must not free memory a driver may still copy into).
        private readonly byte[]?[] _deviceBuffers = new byte[]?[Slots];

        public byte[] FsData => s_data;
        public GrantId FsPathGrant => Id(PathSlot);
        public GrantId FsDataGrant => Id(DataSlot);

        public int Publish()
        {
            fixed (GrantEntry* table = s_entries)
            {
                for (int i = 0; i < Slots; i++)
                    table[i].Sequence = 1;
                return Grants.Publish(table, Slots);
            }
        }

        public void SetFsGrantee(Endpoint fs)
        {
            fixed (byte* path = s_path)
            fixed (byte* data = s_data)
            {
                Set(PathSlot, fs, path, s_path.Length, GrantFlags.Read);
                Set(DataSlot, fs, data, s_data.Length, GrantFlags.Read | GrantFlags.Write);
            }
        }

        // Puts path (ASCII) into the path buffer; its length, or -1 if too long.
        public int PutPath(string path)
        {
            if (path.Length > s_path.Length)
                return -1;
            for (int i = 0; i < path.Length; i++)
                s_path[i] = (byte)path[i];
            return path.Length;
        }

        // Hands on to fs bytes [0, length) of the grant the user gave VFS,
        // with the one right the transfer needs (GrantFlags.Write for a
        // Read, Read for a Write): the kernel checks the user's grant at
        // every copy too, so fs gets no more than the user gave. A new
        // sequence number each time, so an id fs kept from an earlier
        // transfer reaches nothing; revoked by HandBack.
        public GrantId HandOn(Endpoint fs, int user, int userGrant, int length, uint right)
        {
            s_entries[HandOnSlot].Sequence = GrantId.NextSequence(s_entries[HandOnSlot].Sequence);
            s_entries[HandOnSlot].Grantee = fs.Value;
            s_entries[HandOnSlot].Owner = user;
            s_entries[HandOnSlot].Referenced = userGrant;
            s_entries[HandOnSlot].ReferencedOffset = 0;
            s_entries[HandOnSlot].Length = (ulong)length;
            s_entries[HandOnSlot].Flags = GrantFlags.Valid | GrantFlags.Indirect | right;
            return Id(HandOnSlot);
        }

        public void HandBack() => s_entries[HandOnSlot].Flags = 0;

        // Grants buffer to driver in a free device slot with the given
        // rights (GrantFlags.Read, Write or both); the slot, or -1.
        public int GrantDevice(Endpoint driver, byte[] buffer, uint rights)
        {
            for (int slot = FirstDeviceSlot; slot < Slots; slot++)
            {
                if (_deviceBuffers[slot] != null)
                    continue;
                _deviceBuffers[slot] = buffer;
                // A new sequence per use, wrapping before the ids turn
                // negative: a driver refuses a negative grant id, so after
                // 32,767 uses of a slot (about 750 MB of socket reads)
                // every transfer through it failed.
                s_entries[slot].Sequence = GrantId.NextSequence(s_entries[slot].Sequence);
                fixed (byte* bytes = buffer)
                    Set(slot, driver, bytes, buffer.Length, rights);
                return slot;
            }
            return -1;
        }

        public void Revoke(int slot)
        {
            if (slot < FirstDeviceSlot || slot >= Slots)
                return;
            s_entries[slot].Flags = 0;
            _deviceBuffers[slot] = null;
        }

        public GrantId Id(int slot) => GrantId.From(slot, s_entries[slot].Sequence);

        private static void Set(int slot, Endpoint grantee, byte* address, int length, uint rights)
        {
            s_entries[slot].Grantee = grantee.Value;
            s_entries[slot].Address = (ulong)address;
            s_entries[slot].Length = (ulong)length;
            s_entries[slot].Flags = GrantFlags.Valid | rights;
        }
    }
}
