using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Rs
{
    // RS's grant table (a process has one): slot 0 lends PM a recovery
    // script's argument block, the others lend TTY the console lines in
    // flight. Published on first use; the heap does not move objects, so
    // the table's address stays valid.
    internal static unsafe class GrantSlots
    {
        public const int ScriptBlock = 0;
        public const int FirstConsoleLine = 1;
        public const int Count = 5;

        private static readonly GrantEntry[] s_table = new GrantEntry[Count];
        private static bool s_published;

        // A read grant of [address, address + length) for grantee in the
        // slot; an invalid id (-1) when the table cannot be published.
        public static GrantId LendForReading(int slot, Endpoint grantee, byte* address, int length)
        {
            fixed (GrantEntry* table = s_table)
            {
                if (!s_published)
                {
                    if (Grants.Publish(table, Count) != Status.Ok)
                        return new GrantId(-1);
                    s_published = true;
                }
                ushort sequence = GrantId.NextSequence(table[slot].Sequence);
                table[slot] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Read,
                    Sequence = sequence,
                    Grantee = grantee.Value,
                    Address = (ulong)address,
                    Length = (ulong)length,
                };
                return GrantId.From(slot, sequence);
            }
        }

        public static void Revoke(int slot) => s_table[slot].Flags = 0;
    }
}
