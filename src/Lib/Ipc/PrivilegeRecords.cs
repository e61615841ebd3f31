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

        private static uint U32(ReadOnlySpan<byte> b, int at) =>
            (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
    }
}
