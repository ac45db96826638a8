package io.github.reluinr.imagej;

import org.codehaus.groovy.jsr223.GroovyScriptEngineFactory;
import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Groovy for the script tests. Fiji gets it from scripting-groovy, which this
 * registry does not serve; scijava-common 2.99 indexes only ScriptLanguage
 * plugins, so the JSR-223 engine is adapted here.
 */
@Plugin(type = ScriptLanguage.class, name = "Groovy")
public class GroovyForTests extends AdaptedScriptLanguage {

	public GroovyForTests() {
		super(new GroovyScriptEngineFactory());
	}
}
