using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.VfsClient
{
    // Uses VFS the way programs will, through the user library, on a FAT32
    // image the host test made (test/Boot/VfsTests.cs knows the same names):
    // files, directories, descriptors, pipes and /dev, then bad input of
    // every kind, each followed by proof that VFS still serves. Prints an
    // FNV-1a checksum of the big file (the host computes the same) and one
    // line per check.
    public static partial class Program
    {
        public const string Hello = "/hello.txt";
        public const string HelloText = "hello from the host, through VFS\n";
        public const string Big = "/data/big.bin";
        public const string Doomed = "/doomed.txt";
        public const string TruncateMe = "/truncate-me.txt";
        public const string Made = "/made";
        public const string Written = "/made/written.bin";
        public const string Log = "/made/log.txt";
        public const string Renamed = "/made/renamed.txt";
        public const string Filler = "/made/filler.bin";
        public const int WrittenLength = 200 * 1024;

        private static int s_failures;

        public static int Main()
        {
            FileChecks();
            DescriptorChecks();
            DirectoryChecks();
            PipeChecks();
            DeviceChecks();
            BadInputChecks();
            FullDiskCheck();
            FuzzChecks();
            Check("sync", Files.Sync() == 0);
            Diagnostics.Print(s_failures == 0 ? "vfsclient: all checks passed" : "vfsclient: FAILURES");
            return s_failures == 0 ? 0 : 1;
        }

        public static void Check(string name, bool ok)
        {
            if (!ok)
                s_failures++;
            Diagnostics.Print(string.Concat("vfsclient: ", name, ok ? ": ok" : ": FAIL"));
        }

        // Prints why a call failed, for the log.
        public static bool Expect(string what, long result, long wanted)
        {
            if (result == wanted)
                return true;
            Diagnostics.Print(string.Concat("vfsclient: ", what, " gave ", result.ToString(), " (", result < 0 ? Files.ErrorText((int)result) : "", "), wanted ", wanted.ToString()));
            return false;
        }

        // After a refused call, a good one still works.
        public static void StillServing()
        {
            Check("still-serving", Files.Stat(Hello, out FileStatus status) == 0 && status.Size == HelloText.Length);
        }

        public static byte[] Ascii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            return bytes;
        }

        public static bool SameText(Span<byte> bytes, string text)
        {
            if (bytes.Length != text.Length)
                return false;
            for (int i = 0; i < text.Length; i++)
            {
                if (bytes[i] != (byte)text[i])
                    return false;
            }
            return true;
        }

        // The written bytes; VfsTests.PatternByte is the same function.
        public static byte PatternByte(int i) => (byte)(i * 13 + (i >> 10) * 5 + 0x21);

        public static unsafe string Hex(uint value)
        {
            char* digits = stackalloc char[8];
            for (int i = 7; i >= 0; i--, value >>= 4)
                digits[i] = "0123456789abcdef"[(int)(value & 0xF)];
            return new string(digits, 0, 8);
        }
    }
}
