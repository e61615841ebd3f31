using System;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // The block Exec carries: "path\0arg0\0...\0\0env0\0...\0\0", ASCII
    // 1..127 in every string. An empty string ends a list, unless the
    // caller gives the counts (then strings may be empty). Parse checks it completely
    // (bounded, every list terminated, nothing after the end) and keeps the
    // part after the path, which the new program fetches (Arguments).
    public static class ArgumentBlock
    {
        public static int Parse(ReadOnlySpan<byte> block, int maxBlock, int maxStrings,
            out string path, out byte[] rest, out int argc, out int envc) =>
            Parse(block, maxBlock, maxStrings, -1, -1, out path, out rest, out argc, out envc);

        // With counts >= 0 (Exec's Counted form) each list is exactly that
        // many strings, empty ones included, then the "\0" that ends it.
        public static int Parse(ReadOnlySpan<byte> block, int maxBlock, int maxStrings, int countedArgs, int countedEnv,
            out string path, out byte[] rest, out int argc, out int envc)
        {
            path = "";
            rest = new byte[0];
            argc = envc = 0;
            if (block.Length == 0)
                return Lib.Ipc.PmStatus.BadBlock;
            if (block.Length > maxBlock)
                return Lib.Ipc.PmStatus.TooLong;
            bool counted = countedArgs >= 0 || countedEnv >= 0;
            if (counted && (countedArgs < 0 || countedEnv < 0))
                return Lib.Ipc.Status.BadArgument;
            if (counted && (long)countedArgs + countedEnv > maxStrings)
                return Lib.Ipc.PmStatus.TooLong;
            int pathEnd = End(block, 0);
            if (pathEnd <= 0 || pathEnd > ProgramName.MaxPath)
                return Lib.Ipc.PmStatus.BadBlock;
            int at = pathEnd + 1;
            int argStart = at;
            bool ok = counted
                ? Counted(block, ref at, countedArgs) && Counted(block, ref at, countedEnv)
                : List(block, ref at, out argc) && List(block, ref at, out envc);
            if (!ok || at != block.Length)
                return Lib.Ipc.PmStatus.BadBlock;
            if (counted)
            {
                argc = countedArgs;
                envc = countedEnv;
            }
            if (argc + envc > maxStrings)
                return Lib.Ipc.PmStatus.TooLong;
            char[] chars = new char[pathEnd];
            for (int i = 0; i < pathEnd; i++)
                chars[i] = (char)block[i];
            path = new string(chars);
            rest = block.Slice(argStart).ToArray();
            return Lib.Ipc.Status.Ok;
        }

        // Exactly count strings (any may be empty), then the list's "\0".
        private static bool Counted(ReadOnlySpan<byte> block, ref int at, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int end = End(block, at);
                if (end < 0)
                    return false;
                at = end + 1;
            }
            if (at >= block.Length || block[at] != 0)
                return false;
            at++;
            return true;
        }

        // The strings of a block without its path (what Parse keeps), for
        // tests and for the library's side of Arguments.
        public static string[]? Split(ReadOnlySpan<byte> rest, int first, int count)
        {
            int at = 0;
            string[] all = new string[first + count];
            for (int i = 0; i < first + count; i++)
            {
                int end = End(rest, at);
                if (end < 0)
                    return null;
                if (end == at)
                {
                    // The list terminator between arguments and environment.
                    at++;
                    end = End(rest, at);
                    if (end <= at)
                        return null;
                }
                char[] chars = new char[end - at];
                for (int c = 0; c < chars.Length; c++)
                    chars[c] = (char)rest[at + c];
                all[i] = new string(chars);
                at = end + 1;
            }
            string[] wanted = new string[count];
            for (int i = 0; i < count; i++)
                wanted[i] = all[first + i];
            return wanted;
        }

        // Strings up to an empty one; false if the block ends first.
        private static bool List(ReadOnlySpan<byte> block, ref int at, out int count)
        {
            count = 0;
            while (true)
            {
                int end = End(block, at);
                if (end < 0)
                    return false;
                if (end == at)
                {
                    at++;
                    return true;
                }
                count++;
                at = end + 1;
            }
        }

        // Index of the NUL ending the string at `at`; -1 if the block ends
        // first or a byte is not ASCII.
        private static int End(ReadOnlySpan<byte> block, int at)
        {
            for (int i = at; i < block.Length; i++)
            {
                if (block[i] == 0)
                    return i;
                if (block[i] > 127)
                    return -1;
            }
            return -1;
        }
    }
}
