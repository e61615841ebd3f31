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
            int status = Check(caller, message->Port, message->Width, message->Direction, out DevIoRequest request);
            if (status != Status.Ok)
                return status;
            request.Value = (uint)message->Value;
            message->Value = Perform(request);
            return Status.Ok;
        }

        // The checks every access gets (DevIo's, each of VDevIo's, a string's
        // once), on the values as the component sent them: the request to
        // perform, or why not.
        internal static int Check(Process caller, long port, long width, long direction, out DevIoRequest request)
        {
            request = new DevIoRequest { Port = (ushort)port, Width = (byte)width, Direction = (byte)direction };
            if ((ulong)port > ushort.MaxValue || (width != 1 && width != 2 && width != 4) || (direction != DevIoMessage.In && direction != DevIoMessage.Out))
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
