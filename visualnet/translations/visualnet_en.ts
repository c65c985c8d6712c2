<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message numerus="yes">
        <source>%n value(s)</source>
        <translation>
            <numerusform>%n value</numerusform>
            <numerusform>%n values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActivationsView</name>
    <message numerus="yes">
        <source>f(x) = {f} is now the activation of %n hidden layer(s).</source>
        <translation>
            <numerusform>f(x) = {f} is now the activation of %n hidden layer.</numerusform>
            <numerusform>f(x) = {f} is now the activation of %n hidden layers.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GradientsView</name>
    <message numerus="yes">
        <source> (backward pass: %n layer(s) to go)</source>
        <translation>
            <numerusform> (backward pass: %n layer to go)</numerusform>
            <numerusform> (backward pass: %n layers to go)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message numerus="yes">
        <source>sequence of {t} time steps × %n feature(s)</source>
        <translation>
            <numerusform>sequence of {t} time steps × %n feature</numerusform>
            <numerusform>sequence of {t} time steps × %n features</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message numerus="yes">
        <source>%n path point(s)</source>
        <translation>
            <numerusform>%n path point</numerusform>
            <numerusform>%n path points</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message numerus="yes">
        <source>%n input(s)</source>
        <translation>
            <numerusform>%n input</numerusform>
            <numerusform>%n inputs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n output(s)</source>
        <translation>
            <numerusform>%n output</numerusform>
            <numerusform>%n outputs</numerusform>
        </translation>
    </message>
</context>
</TS>
