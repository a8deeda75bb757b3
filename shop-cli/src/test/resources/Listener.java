import java.net.ServerSocket;

/** A stand-in part for the supervisor's tests: listens on the port it is given until killed. */
public class Listener {

	public static void main(String[] args) throws Exception {
		try (ServerSocket socket = new ServerSocket(Integer.parseInt(args[0]))) {
			while (true) {
				socket.accept().close();
			}
		}
	}

}
