using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The echo protocol of the test and bench components (pong, the IPC
    // bench's server; crashonce answers with its instance): any request
    // type, answered with Counter + 1 (crashonce: its Lifecycle instance).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct EchoMessage
    {
        [FieldOffset(0)] public long Counter;

        public static EchoMessage* Of(Message* message) => (EchoMessage*)message->Payload;
    }
}
