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
        // Left where the loader put it: its range stays reserved (LoaderData),
        // and the parser bounds it (MultibootParser.MaxStringLength).
        private static BootString s_line;

        internal static void Read(BootString line) => s_line = line;

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
            ReadOnlySpan<byte> text = s_line.AsSpan();
            for (int start = 0, end; start < text.Length; start = end + 1)
            {
                end = start;
                for (bool quoted = false; end < text.Length && (quoted || text[end] != ' '); end++)
                {
                    if (text[end] == '"' && (quoted || end > start && text[end - 1] == '='))
                        quoted = !quoted;
                }
                ReadOnlySpan<byte> word = text.Slice(start, end - start);
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
