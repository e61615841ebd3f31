using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // DevIo (DevIoMessage) — one port read or write; replies Value with the
    // value read. Every
    // byte the access touches must lie in one of the caller's io ranges.
    internal static unsafe class DevIo
    {
        internal static int Handle(Process caller, DevIoMessage* message)
        {
            var request = new DevIoRequest
            {
                Port = (ushort)message->Port,
                Width = (byte)message->Width,
                Direction = (byte)message->Direction,
                Value = (uint)message->Value,
            };
            if ((ulong)message->Port > 0xFFFF || (ulong)message->Width > 4 || (ulong)message->Direction > 1)
                return Status.BadArgument;
            int status = Check(caller, request);
            if (status != Status.Ok)
                return status;
            message->Value = Perform(request);
            return Status.Ok;
        }

        internal static int Check(Process caller, DevIoRequest request)
        {
            if (request.Width != 1 && request.Width != 2 && request.Width != 4)
                return Status.BadArgument;
            if (request.Direction != DevIoMessage.In && request.Direction != DevIoMessage.Out)
                return Status.BadArgument;
            if (!caller.Privilege.AllowsPorts(request.Port, request.Width))
            {
                Denied.Log(caller, "port", request.Port);
                return Status.NotAllowed;
            }
            return Status.Ok;
        }

        // The value read (In) or 0 (Out).
        internal static uint Perform(DevIoRequest request)
        {
            if (request.Direction == DevIoMessage.Out)
            {
                if (request.Width == 1)
                    Cpu.OutByte(request.Port, (byte)request.Value);
                else if (request.Width == 2)
                    Cpu.OutWord(request.Port, (ushort)request.Value);
                else
                    Cpu.OutDword(request.Port, request.Value);
                return 0;
            }
            return request.Width == 1 ? Cpu.InByte(request.Port)
                : request.Width == 2 ? Cpu.InWord(request.Port)
                : Cpu.InDword(request.Port);
        }
    }
}
