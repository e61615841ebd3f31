using System;

namespace Minix3.Cosmos.Runtime
{
    // Memory moves: every length around the 8-byte and rep-movs thresholds,
    // at every alignment, both overlap directions, and clears; each checked
    // byte by byte against what an element loop would have produced.
    public static unsafe partial class RuntimeSelfTest
    {
        private const int MoveArea = 320;

        private static void MemoryMoves()
        {
            byte[] area = new byte[MoveArea];
            byte[] expected = new byte[MoveArea];
            bool disjoint = true, overlapDown = true, overlapUp = true, cleared = true;
            for (int length = 0; length <= 140 && disjoint; length++)
            {
                for (int shift = 0; shift < 9; shift++)
                {
                    // Disjoint: from the front of the area to behind it.
                    disjoint &= MoveAndCompare(area, expected, shift, 160 + (shift * 3) % 8, length);
                    // Overlapping, destination below the source and above it.
                    overlapDown &= MoveAndCompare(area, expected, 40 + shift, 40, length);
                    overlapUp &= MoveAndCompare(area, expected, 40, 40 + shift + 1, length);
                    cleared &= ClearAndCompare(area, shift, length);
                }
            }
            Check("memory.copy-disjoint-every-length-and-alignment", disjoint);
            Check("memory.copy-overlap-destination-below", overlapDown);
            Check("memory.copy-overlap-destination-above", overlapUp);
            Check("memory.clear-every-length-and-alignment", cleared);

            int[] numbers = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
            numbers.AsSpan(0, 18).CopyTo(numbers.AsSpan(2, 18));
            Check("memory.int-span-overlap", numbers[2] == 1 && numbers[19] == 18 && numbers[0] == 1);
            string[] names = { "a", "b", "c" };
            string[] copy = new string[3];
            names.AsSpan().CopyTo(copy);
            Check("memory.reference-span-copy", copy[0] == "a" && copy[2] == "c");
        }

        private static void Fill(byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = (byte)(i * 7 + 3);
        }

        private static bool MoveAndCompare(byte[] area, byte[] expected, int from, int to, int length)
        {
            Fill(area);
            Fill(expected);
            // The reference: through a temporary, which is what a move means.
            byte[] moved = new byte[length];
            for (int i = 0; i < length; i++)
                moved[i] = expected[from + i];
            for (int i = 0; i < length; i++)
                expected[to + i] = moved[i];
            area.AsSpan(from, length).CopyTo(area.AsSpan(to, length));
            for (int i = 0; i < area.Length; i++)
            {
                if (area[i] != expected[i])
                    return false;
            }
            return true;
        }

        private static bool ClearAndCompare(byte[] area, int from, int length)
        {
            Fill(area);
            area.AsSpan(from, length).Clear();
            for (int i = 0; i < area.Length; i++)
            {
                bool inside = i >= from && i < from + length;
                if (area[i] != (inside ? 0 : (byte)(i * 7 + 3)))
                    return false;
            }
            return true;
        }
    }
}
