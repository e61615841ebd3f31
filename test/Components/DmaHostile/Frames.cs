namespace Minix3.Cosmos.Tests.Components.DmaHostile
{
    // The frames it sends itself: broadcast, from its own address, with
    // the local experimental EtherType 0x88b5 and a text naming the attack
    // ("dmahostile attack 07 ...", repeated), so that each attack's frame
    // differs and a landed frame names the attack that wrote it.
    public static unsafe class Frames
    {
        public static void Marked(byte* frame, int length, ulong mac, int attack)
        {
            for (int i = 0; i < 6; i++)
            {
                frame[i] = 0xFF;
                frame[6 + i] = (byte)(mac >> (8 * i));
            }
            frame[12] = 0x88;
            frame[13] = 0xB5;
            string text = string.Concat("dmahostile attack ", (attack / 10).ToString(), (attack % 10).ToString(), " ");
            for (int i = 14; i < length; i++)
                frame[i] = (byte)text[(i - 14) % text.Length];
        }
    }
}
