using System;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Reads records of a compiled privilege table (PrivilegeFormat) outside
    // the kernel: the reincarnation server learns a component's restart
    // limit, heartbeat and recovery script from the same table the kernel
    // installs, so the policy file is the one place they are written.
    public static class PrivilegeRecords
    {
        // The payload of the first record with this tag; false when there is
        // none or the table is malformed.
        public static bool TryFind(ReadOnlySpan<byte> table, ushort tag, out ReadOnlySpan<byte> payload)
        {
            payload = default;
            if (table.Length < PrivilegeFormat.HeaderSize)
                return false;
            for (int i = 0; i < 8; i++)
            {
                if (table[i] != PrivilegeFormat.MagicByte(i))
                    return false;
            }
            uint total = U32(table, 8);
            uint count = U32(table, 12);
            if (total < PrivilegeFormat.HeaderSize || total > (uint)table.Length)
                return false;
            int at = PrivilegeFormat.HeaderSize;
            for (uint r = 0; r < count; r++)
            {
                if (at + 4 > (int)total)
                    return false;
                ushort found = (ushort)(table[at] | (table[at + 1] << 8));
                int length = table[at + 2] | (table[at + 3] << 8);
                if (at + 4 + length > (int)total)
                    return false;
                if (found == tag)
                {
                    payload = table.Slice(at + 4, length);
                    return true;
                }
                at += (4 + length + 3) & ~3;
            }
            return false;
        }

        // The two u32 of a Heartbeat or Restart record; zeros when absent.
        public static void Pair(ReadOnlySpan<byte> table, ushort tag, out uint first, out uint second)
        {
            bool found = TryFind(table, tag, out ReadOnlySpan<byte> payload) && payload.Length >= 8;
            first = found ? U32(payload, 0) : 0;
            second = found ? U32(payload, 4) : 0;
        }

        // An ASCII record (label, script path); "" when absent.
        public static string Text(ReadOnlySpan<byte> table, ushort tag)
        {
            if (!TryFind(table, tag, out ReadOnlySpan<byte> payload))
                return "";
            var chars = new char[payload.Length];
            for (int i = 0; i < payload.Length; i++)
                chars[i] = (char)payload[i];
            return new string(chars);
        }

        // A copy of a valid table with its Label record replaced by `label`
        // (ASCII, 1..MaxLabelLength; the caller checks it), every other
        // record kept as it is: the table of another instance of the same
        // program (RS's `service up PROGRAM -label LABEL`). Null when the
        // table is malformed.
        public static byte[]? WithLabel(ReadOnlySpan<byte> table, string label)
        {
            if (!TryFind(table, PrivilegeFormat.Label, out _))
                return null;
            int total = (int)U32(table, 8);
            uint count = U32(table, 12);
            int labelRecord = (4 + label.Length + 3) & ~3;
            var copy = new byte[total + labelRecord];
            table.Slice(0, PrivilegeFormat.HeaderSize).CopyTo(copy);
            int to = PrivilegeFormat.HeaderSize;
            copy[to] = (byte)PrivilegeFormat.Label;
            copy[to + 2] = (byte)label.Length;
            for (int i = 0; i < label.Length; i++)
                copy[to + 4 + i] = (byte)label[i];
            to += labelRecord;
            int at = PrivilegeFormat.HeaderSize;
            for (uint r = 0; r < count; r++)
            {
                ushort tag = (ushort)(table[at] | (table[at + 1] << 8));
                int size = (4 + (table[at + 2] | (table[at + 3] << 8)) + 3) & ~3;
                if (at + size > total)
                    size = total - at;
                if (tag != PrivilegeFormat.Label)
                {
                    table.Slice(at, size).CopyTo(copy.AsSpan(to, size));
                    to += size;
                }
                at += size;
            }
            WriteU32(copy, 8, (uint)to);
            return to == copy.Length ? copy : copy.AsSpan(0, to).ToArray();
        }

        private static void WriteU32(byte[] b, int at, uint value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
            b[at + 2] = (byte)(value >> 16);
            b[at + 3] = (byte)(value >> 24);
        }

        private static uint U32(ReadOnlySpan<byte> b, int at) =>
            (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
    }
}
