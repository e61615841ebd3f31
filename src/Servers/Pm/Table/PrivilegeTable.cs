using System;
using System.Collections.Generic;
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
            if (!ProgramName.IsLabel(label) || !ProgramName.IsLabel(manager) || table.Length < PrivilegeFormat.HeaderSize)
                return null;
            for (int i = 0; i < 8; i++)
            {
                if (table[i] != PrivilegeFormat.MagicByte(i))
                    return null;
            }
            uint total = U32(table, 8);
            uint count = U32(table, 12);
            if (total < PrivilegeFormat.HeaderSize || total > (uint)table.Length || (total & 3) != 0)
                return null;
            var output = new List<byte>((int)total + 64);
            for (int i = 0; i < PrivilegeFormat.HeaderSize; i++)
                output.Add(table[i]);
            int kept = 0;
            int at = PrivilegeFormat.HeaderSize;
            for (uint r = 0; r < count; r++)
            {
                if (at + 4 > (int)total)
                    return null;
                ushort tag = (ushort)(table[at] | (table[at + 1] << 8));
                int length = table[at + 2] | (table[at + 3] << 8);
                int padded = (4 + length + 3) & ~3;
                if (at + padded > (int)total)
                    return null;
                if (tag != PrivilegeFormat.Label && tag != PrivilegeFormat.SignalManager)
                {
                    for (int i = 0; i < padded; i++)
                        output.Add(table[at + i]);
                    kept++;
                }
                at += padded;
            }
            if (at != (int)total)
                return null;
            AddText(output, PrivilegeFormat.Label, label);
            AddText(output, PrivilegeFormat.SignalManager, manager);
            byte[] result = output.ToArray();
            Put32(result, 8, (uint)result.Length);
            Put32(result, 12, (uint)(kept + 2));
            return result;
        }

        private static void AddText(List<byte> output, ushort tag, string text)
        {
            output.Add((byte)tag);
            output.Add((byte)(tag >> 8));
            output.Add((byte)text.Length);
            output.Add(0);
            for (int i = 0; i < text.Length; i++)
                output.Add((byte)text[i]);
            while ((output.Count & 3) != 0)
                output.Add(0);
        }

        private static uint U32(ReadOnlySpan<byte> b, int at) =>
            (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

        private static void Put32(byte[] b, int at, uint value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
            b[at + 2] = (byte)(value >> 16);
            b[at + 3] = (byte)(value >> 24);
        }
    }
}
