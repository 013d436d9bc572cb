package io.hyperactor.it.host;

import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcMain;

/** A child proc that writes known lines to stdout and stderr before it boots. */
public final class ChattyChildMain {
  static final String OUT_1 = "chatty says hello on stdout";
  static final String ERR_1 = "chatty warns on stderr";
  static final String OUT_2 = "chatty is about to boot";

  private ChattyChildMain() {}

  public static void main(String[] args) {
    System.out.println(OUT_1);
    System.out.flush();
    System.err.println(ERR_1);
    System.err.flush();
    System.out.println(OUT_2);
    System.out.flush();
    ProcMain.boot(ActorSystem.builder(), proc -> {});
  }
}
