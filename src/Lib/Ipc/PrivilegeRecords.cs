using System;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Reads records of a compiled privilege table (PrivilegeFormat) outside
    // the kernel: the reincarnation server learns a component's restart
    // limit, heartbeat and recovery script from the same table whose Kernel
    // record the kernel installs, so the policy file is the one place they
    // are written.
    public static class PrivilegeRecords
    {
        // The payload of the first record with this tag; false when there is
        // none or the table is malformed.
        public static bool TryFind(ReadOnlySpan<byte> table, ushort tag, out ReadOnlySpan<byte> payload) => TryFind(table, tag, 0, out payload);

        // The payload of record `index` (0, 1, ...) among those with this
        // tag: a repeated record's entries (the `pci` lines RS tells pci).
        public static bool TryFind(ReadOnlySpan<byte> table, ushort tag, int index, out ReadOnlySpan<byte> payload)
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
                if (found == tag && index-- == 0)
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

        // A copy of a well-formed table with every record of `tag` (a text
        // record: Label, SignalManager, RecoveryScript) replaced by one
        // holding `text` (ASCII, at most 255 bytes; the caller checks what
        // the tag allows), appended after the others, which are kept as
        // they are, and the Kernel record rebuilt from them first. Null when
        // the table (or the text as that record) is malformed. Used for a
        // table under another name: PM's exec (label = the program, manager
        // = pm) and RS's instances (`service up PROGRAM -label LABEL`). The
        // kernel checks the Kernel record's ranges again when it installs it.
        public static byte[]? WithText(ReadOnlySpan<byte> table, ushort tag, string text)
        {
            if (text.Length > 255 || table.Length < PrivilegeFormat.HeaderSize)
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
            int added = (4 + text.Length + 3) & ~3;
            var output = new byte[total + added];
            table.Slice(0, PrivilegeFormat.HeaderSize).CopyTo(output);
            int to = PrivilegeFormat.HeaderSize;
            uint kept = 0;
            int at = PrivilegeFormat.HeaderSize;
            for (uint r = 0; r < count; r++)
            {
                if (at + 4 > (int)total)
                    return null;
                ushort found = (ushort)(table[at] | (table[at + 1] << 8));
                int padded = (4 + (table[at + 2] | (table[at + 3] << 8)) + 3) & ~3;
                if (at + padded > (int)total)
                    return null;
                if (found != tag)
                {
                    table.Slice(at, padded).CopyTo(output.AsSpan(to, padded));
                    to += padded;
                    kept++;
                }
                at += padded;
            }
            if (at != (int)total)
                return null;
            output[to] = (byte)tag;
            output[to + 1] = (byte)(tag >> 8);
            output[to + 2] = (byte)text.Length;
            for (int i = 0; i < text.Length; i++)
                output[to + 4 + i] = (byte)text[i];
            to += added;
            WriteU32(output, 8, (uint)to);
            WriteU32(output, 12, kept + 1);
            return WithKernelPart(to == output.Length ? output : output.AsSpan(0, to).ToArray());
        }

        // A copy of a table whose first record is the Kernel record built
        // from its other records (PrivilegeTableReader), an old one dropped:
        // what the policy compiler writes, and what a relabelled table needs
        // (the kernel reads only that record). Null when the records are
        // malformed.
        public static unsafe byte[]? WithKernelPart(ReadOnlySpan<byte> table)
        {
            KernelPrivilege kernel;
            if (!PrivilegeTableReader.Read(table, &kernel, out _, out _))
                return null;
            const int part = 4 + KernelPrivilege.Bytes;
            uint total = U32(table, 8), count = U32(table, 12);
            var output = new byte[total + part];
            table.Slice(0, PrivilegeFormat.HeaderSize).CopyTo(output);
            int to = PrivilegeFormat.HeaderSize;
            output[to] = (byte)PrivilegeFormat.Kernel;
            output[to + 2] = unchecked((byte)KernelPrivilege.Bytes);
            output[to + 3] = (byte)(KernelPrivilege.Bytes >> 8);
            byte* bytes = (byte*)&kernel;
            for (int i = 0; i < KernelPrivilege.Bytes; i++)
                output[to + 4 + i] = bytes[i];
            to += part;
            uint kept = 1;
            // The reader checked the framing: every record lies inside.
            for (int at = PrivilegeFormat.HeaderSize, r = 0; r < count; r++)
            {
                int padded = (4 + (table[at + 2] | (table[at + 3] << 8)) + 3) & ~3;
                if ((table[at] | (table[at + 1] << 8)) != PrivilegeFormat.Kernel)
                {
                    table.Slice(at, padded).CopyTo(output.AsSpan(to, padded));
                    to += padded;
                    kept++;
                }
                at += padded;
            }
            WriteU32(output, 8, (uint)to);
            WriteU32(output, 12, kept);
            return to == output.Length ? output : output.AsSpan(0, to).ToArray();
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
