using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // SetGrant (SetGrantMessage) — the caller's GrantEntry[] table. Only remembers where the table is: entries are read
    // from the granter's memory at every safe copy, so the owner can add and
    // revoke grants without kernel calls. Count 0 withdraws the table.
    internal static unsafe class SetGrant
    {
        private static readonly ulong[] s_tables = new ulong[ProcessTable.SlotCount];
        private static readonly int[] s_counts = new int[ProcessTable.SlotCount];

        internal static int Handle(Process caller, SetGrantMessage* message)
        {
            long count = message->Count;
            if (count < 0 || count > GrantId.MaxEntries)
                return Status.BadArgument;
            s_tables[caller.Slot] = (ulong)message->Table;
            s_counts[caller.Slot] = (int)count;
            return Status.Ok;
        }

        // The granter's entry for an id, read from the granter's memory; false
        // when there is no table, the index is outside it, or it is unreadable.
        internal static bool TryRead(Process granter, GrantId id, GrantEntry* entry)
        {
            int count = s_counts[granter.Slot];
            if (count == 0 || id.Index >= count)
                return false;
            ulong address = s_tables[granter.Slot] + (ulong)id.Index * GrantEntry.Size;
            return KernelServices.Host.CopyFromProcess(granter, address, entry, GrantEntry.Size);
        }

        // A forked child's memory is a copy of its parent's, grant table
        // included, at the same address: the child grants what the parent
        // did until it changes its own copy (as MINIX's fork does).
        internal static void Inherit(Process child, Process parent)
        {
            s_tables[child.Slot] = s_tables[parent.Slot];
            s_counts[child.Slot] = s_counts[parent.Slot];
        }

        // Exit, and exec: a new image's memory at the old table's address
        // is not a grant table, so nothing may be read from there.
        internal static void Release(Process process)
        {
            s_tables[process.Slot] = 0;
            s_counts[process.Slot] = 0;
        }
    }
}
