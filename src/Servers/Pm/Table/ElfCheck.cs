using System;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // The cheap part of "is this a program?", checked before PM changes
    // anything about the caller (its privileges are replaced before the
    // Exec kernel call, which does the full validation): a 64-bit
    // little-endian x86-64 ELF executable header.
    public static class ElfCheck
    {
        public const int HeaderSize = 64;

        public static bool LooksExecutable(ReadOnlySpan<byte> image)
        {
            if (image.Length < HeaderSize)
                return false;
            if (image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                return false;
            if (image[4] != 2 || image[5] != 1)          // ELFCLASS64, little-endian
                return false;
            int type = image[16] | (image[17] << 8);
            int machine = image[18] | (image[19] << 8);
            return type == 2 && machine == 62;            // ET_EXEC, EM_X86_64
        }
    }
}
