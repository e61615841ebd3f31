using System.Runtime.InteropServices;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.TemplateNamespace
{
    // Minix3Template's protocol: every request is a SendRec to
    // "templatelabel"; the reply's Type is a Status (Ok or an error < 0).
    //   Next   (nothing)  reply Minix3TemplateReply: the next number, counted
    //                     from 1 since the first start (kept across restarts).
    // Any other type is answered Status.BadArgument.
    // Message types are global: this range (0xE0xx) must be used by no
    // other protocol (src/Lib/Ipc lists the taken ones). When a client in
    // another project needs these numbers, move this class to src/Lib/Ipc
    // (one declaration of each contract).
    public static class Minix3TemplateRequest
    {
        public const int Next = 0xE001;
    }

    // A protocol declares its message layouts once, as structs over the
    // payload (like src/Lib/Ipc's), never as raw payload words.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct Minix3TemplateReply
    {
        [FieldOffset(0)] public long Number;

        public static Minix3TemplateReply* Of(Message* message) => (Minix3TemplateReply*)message->Payload;
    }
}
