using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // Rewrites a compiled privilege table (PrivilegeFormat) for one exec:
    // the label becomes the program's name, so the kernel's process list
    // (and ps) shows what runs, and the signal manager becomes PM, which
    // must hear of every user process's end. Every other record is kept as
    // it is. The kernel validates the result again when PrivCtl installs it.
    public static class PrivilegeTable
    {
        // Null when the table is malformed or the names are not labels.
        public static byte[]? Rewrite(ReadOnlySpan<byte> table, string label, string manager)
        {
            if (!ProgramName.IsLabel(label) || !ProgramName.IsLabel(manager))
                return null;
            byte[]? relabelled = PrivilegeRecords.WithText(table, PrivilegeFormat.Label, label);
            return relabelled == null ? null : PrivilegeRecords.WithText(relabelled, PrivilegeFormat.SignalManager, manager);
        }
    }
}
