using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // SetGrant (SetGrantMessage) — the caller's GrantEntry[] table. Only remembers where the table is: entries are read
    // from the granter's memory at every safe copy, so the owner can add and
    // revoke grants without kernel calls. Count 0 withdraws the table.
    internal static unsafe class SetGrant
    {
        internal static int Handle(Process caller, SetGrantMessage* message)
        {
            long count = message->Count;
            if (count < 0 || count > GrantId.MaxEntries)
                return Status.BadArgument;
            caller.GrantTable = (ulong)message->Table;
            caller.GrantCount = (int)count;
            return Status.Ok;
        }

        // The granter's entry for an id, read from the granter's memory; false
        // when there is no table, the index is outside it, or it is unreadable.
        internal static bool TryRead(Process granter, GrantId id, GrantEntry* entry)
        {
            if (id.Index >= granter.GrantCount)
                return false;
            ulong address = granter.GrantTable + (ulong)id.Index * GrantEntry.Size;
            return KernelServices.Host.CopyFromProcess(granter, address, entry, GrantEntry.Size);
        }
    }
}
