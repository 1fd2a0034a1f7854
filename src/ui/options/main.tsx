import { render } from "preact";
import "../styles.css";
import { OptionsApp } from "./App";

render(<OptionsApp />, document.getElementById("app")!);
