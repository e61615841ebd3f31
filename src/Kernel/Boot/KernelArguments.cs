using System;
using Minix3.Cosmos.Kernel.Boot.Multiboot;

namespace Minix3.Cosmos.Kernel.Boot
{
    // The few keys the kernel reads from its own command line: `exit`,
    // `timer_hz=`, and the test keys `test=`, `start=`, `exit_when=`,
    // `halt_after=`. Words are separated by spaces; a value in double
    // quotes (key="a b") is one word; the last of a key given twice wins. The full
    // grammar, with its error reports, is ring 3's
    // (src/Lib/Sys/BootCommandLine.cs); a word the kernel cannot read is
    // simply not one of its keys.
    internal static class KernelArguments
    {
        private const int MaxLength = 2048;

        private static byte[] s_text = Array.Empty<byte>();

        // Copies the line: the loader's memory may be reused.
        internal static unsafe void Read(BootString line)
        {
            int length = line.Length < MaxLength ? line.Length : MaxLength;
            s_text = new ReadOnlySpan<byte>(line.Pointer, length).ToArray();
        }

        internal static bool Has(ReadOnlySpan<byte> key) => Find(key, false, out _) || Find(key, true, out _);

        // The value after `key=`; false when absent.
        internal static bool TryGetValue(ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value) => Find(key, true, out value);

        // A decimal value, or `fallback` when absent or not a number.
        internal static ulong Number(ReadOnlySpan<byte> key, ulong fallback)
        {
            if (!TryGetValue(key, out ReadOnlySpan<byte> digits) || digits.Length == 0 || digits.Length > 19)
                return fallback;
            ulong value = 0;
            foreach (byte digit in digits)
            {
                if (digit < '0' || digit > '9')
                    return fallback;
                value = value * 10 + (ulong)(digit - '0');
            }
            return value;
        }

        // The last word that is `key` (bare) or starts with `key=` (withValue), and its value.
        private static bool Find(ReadOnlySpan<byte> key, bool withValue, out ReadOnlySpan<byte> value)
        {
            value = default;
            bool found = false;
            for (int start = 0, end; start < s_text.Length; start = end + 1)
            {
                end = start;
                for (bool quoted = false; end < s_text.Length && (quoted || s_text[end] != ' '); end++)
                {
                    if (s_text[end] == '"' && (quoted || end > start && s_text[end - 1] == '='))
                        quoted = !quoted;
                }
                ReadOnlySpan<byte> word = new ReadOnlySpan<byte>(s_text, start, end - start);
                int keyEnd = key.Length;
                bool matches = withValue ? word.Length > keyEnd && word[keyEnd] == '=' : word.Length == keyEnd;
                if (matches && word.Slice(0, keyEnd).SequenceEqual(key))
                {
                    value = withValue ? word.Slice(keyEnd + 1) : default;
                    found = true;
                }
            }
            return found;
        }
    }
}
