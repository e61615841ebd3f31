using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Char.Memory
{
    // The RAM disk's copy in DS, so its contents outlive a crash of this
    // driver: block k (BlockBytes, DS's largest blob) is saved in the
    // driver's StateStore as "ram.<k>" (DS key "memory.ram.<k>", owned by
    // the label, so a restarted instance overwrites and reads its
    // predecessor's). Written through: every write saves the blocks it
    // touched before it is answered. A block never written has no entry
    // (it is zeros). Bytes travel through this driver's one grant to DS,
    // re-pointed at the block each time (the kernel reads the live table at
    // every copy) and valid only during the call. Without DS nothing is kept.
    internal sealed unsafe class RamBackup
    {
        public const int BlockBytes = DataStoreLimits.MaxBlobLength;
        private const string NamePrefix = "ram.";
        private const int Slot = 0;
        private const ushort Sequence = 1;

        private static readonly GrantEntry[] s_grants = new GrantEntry[1];
        private readonly StateStore _state;
        private readonly byte[] _ram;

        private RamBackup(StateStore state, byte[] ram)
        {
            _state = state;
            _ram = ram;
        }

        // null when there is no DS or the grant table is refused (logged).
        public static RamBackup? Open(StateStore state, byte[] ram)
        {
            Endpoint ds = state.DataStore;
            if (ds.IsNone)
                return null;
            fixed (GrantEntry* table = s_grants)
            {
                table[Slot] = new GrantEntry { Sequence = Sequence, Grantee = ds.Value };
                int status = Grants.Publish(table, s_grants.Length);
                if (status != Status.Ok)
                {
                    Diagnostics.Print(string.Concat("memory: no backup of /dev/ram (grant table refused: status ", status.ToString(), ")"));
                    return null;
                }
            }
            return new RamBackup(state, ram);
        }

        // Saves the blocks bytes [position, position + count) lie in; the
        // first failure's status, or Ok.
        public int Save(long position, int count)
        {
            for (long block = position / BlockBytes; count > 0 && block * BlockBytes < position + count; block++)
            {
                Point((int)block, GrantFlags.Read);
                int status = _state.SaveBlob(NamePrefix + block.ToString(), GrantId.From(Slot, Sequence), BlockBytes);
                s_grants[Slot].Flags = 0;
                if (status != Status.Ok)
                    return status;
            }
            return Status.Ok;
        }

        // Takes every saved block back (after a restart); the blocks
        // restored. Blocks without an entry stay zeros.
        public int Restore()
        {
            int restored = 0;
            for (int block = 0; block < _ram.Length / BlockBytes; block++)
            {
                Point(block, GrantFlags.Write);
                if (_state.RestoreBlob(NamePrefix + block.ToString(), GrantId.From(Slot, Sequence), BlockBytes, out _) == Status.Ok)
                    restored++;
                s_grants[Slot].Flags = 0;
            }
            return restored;
        }

        private void Point(int block, uint rights)
        {
            fixed (byte* ram = _ram)
            {
                s_grants[Slot].Address = (ulong)(ram + (long)block * BlockBytes);
                s_grants[Slot].Length = BlockBytes;
                s_grants[Slot].Flags = GrantFlags.Valid | rights;
            }
        }
    }
}
