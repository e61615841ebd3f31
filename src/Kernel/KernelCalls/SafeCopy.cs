using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // SafeCopyFrom / SafeCopyTo (SafeCopyMessage) — copies between the
    // granter's granted range and the caller's memory after checking, against the granter's live table:
    // the entry exists and is valid, its sequence matches the id (a revoked
    // or reused entry fails), the caller is the grantee, the grant has the
    // right (Read for From, Write for To) and the range stays inside it.
    // An indirect entry (GrantEntry.Owner) is followed to the grant it
    // names, link by link (at most GrantFlags.MaxChain), with the same checks.
    internal static unsafe class SafeCopy
    {
        internal static int Handle(Process caller, SafeCopyMessage* message, bool toGranter)
        {
            Process? granter = KernelServices.Processes.Lookup(new Endpoint(message->Granter));
            if (granter == null)
                return Status.DeadEndpoint;
            ulong offset = (ulong)message->Offset;
            ulong local = (ulong)message->Local;
            ulong length = (ulong)message->Length;
            if (length > KernelCallLimits.MaxCopy)
                return Status.BadArgument;
            long grant = message->Grant;
            int grantee = caller.Endpoint.Value;
            uint right = toGranter ? GrantFlags.Write : GrantFlags.Read;
            GrantEntry entry;
            // An indirect entry hands the copy on to the grant it names, in
            // that grant's owner; each link is checked as the first one is.
            for (int link = 1; ; link++)
            {
                var id = new GrantId((int)grant);
                if (grant < 0 || !SetGrant.TryRead(granter, id, &entry))
                    return Refused(caller, Status.BadGrant, grant);
                if ((entry.Flags & GrantFlags.Valid) == 0 || entry.Sequence != id.Sequence || entry.Grantee != grantee)
                    return Refused(caller, Status.BadGrant, grant);
                if ((entry.Flags & right) == 0)
                    return Refused(caller, Status.GrantRights, grant);
                if (offset > entry.Length || length > entry.Length - offset)
                    return Refused(caller, Status.OutOfRange, grant);
                if ((entry.Flags & GrantFlags.Indirect) == 0)
                    break;
                if (link == GrantFlags.MaxChain)
                    return Refused(caller, Status.BadGrant, grant);
                if (offset + entry.ReferencedOffset < offset)
                    return Refused(caller, Status.OutOfRange, grant);
                grantee = granter.Endpoint.Value;
                granter = KernelServices.Processes.Lookup(new Endpoint(entry.Owner));
                if (granter == null)
                    return Status.DeadEndpoint;
                offset += entry.ReferencedOffset;
                grant = entry.Referenced;
            }
            ulong remote = entry.Address + offset;
            // Both ranges are checked whole before a byte moves, so a
            // failure leaves nothing half copied.
            bool copied = toGranter
                ? KernelServices.Host.CopyBetween(caller, local, granter, remote, length)
                : KernelServices.Host.CopyBetween(granter, remote, caller, local, length);
            if (!copied)
                return Status.BadAddress;
            return Status.Ok;
        }

        private static int Refused(Process caller, int status, long grant)
        {
            Denied.Log(caller, "grant", (ulong)grant);
            return status;
        }
    }
}
