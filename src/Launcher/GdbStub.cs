using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Minix3.Cosmos.Launcher;

// QEMU's gdb stub (`--debug`): the port it listens on, and how to tell that
// it is listening without connecting to it. A probe connection would be
// taken for the debugger (QEMU serves one client), so readiness is seen
// from the other side: the port can no longer be bound.
public static class GdbStub
{
    public const int DefaultPort = 1234;

    // What the launcher prints once QEMU listens; the VS Code task's problem
    // matcher (.vscode/tasks.json) waits for exactly this text.
    public const string ReadyText = "waiting for gdb on localhost:";

    // The helper every way of debugging loads (docs/debugging.md).
    public static string Script(ImageLayout image) => Path.Combine(image.RepositoryRoot, "src", "Launcher", "gdb", "minix3.py");

    // The command that attaches gdb with the symbols of this image's kernel
    // (the boot directory is named when it is not the system image's).
    public static string Command(ImageLayout image, int port)
    {
        bool systemImage = image.BootDirectory == new ImageLayout(image.RepositoryRoot).BootDirectory;
        string boot = systemImage ? "" : " " + image.BootDirectory;
        return $"gdb -x {Script(image)} -ex 'minix3-attach {port}{boot}'";
    }

    // A port nobody listens on now (tests run in parallel, each with its
    // own stub). Another program could take it before QEMU does; QEMU
    // then fails to start and says so.
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Polls until something listens on the port (QEMU started its stub), or
    // `emulator` exited, or the time is up.
    public static bool WaitUntilListening(int port, TimeSpan timeout, Func<bool>? emulatorExited = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (!IsFree(port))
                return true;
            if (emulatorExited?.Invoke() == true)
                return false;
            Thread.Sleep(20);
        }
        return false;
    }
}
