// A stock-style default Finesse 12.5 layout, for "start from the stock layout". It keeps the
// commented-out Customer Context tab that the stock layout ships with.
export const STOCK_LAYOUT = `<?xml version="1.0" encoding="UTF-8"?>
<finesseLayout xmlns="http://www.cisco.com/vtg/finesse">
    <version>1252.02</version>
    <configs>
        <config key="title" value="Cisco Finesse"/>
        <config key="logo" value="/desktop/theme/finesse/images/finesse.png"/>
        <config key="enableDragDropAndResizeGadget" value="false"/>
    </configs>
    <header>
        <leftAlignedColumns>
            <headercolumn width="300px">
                <component id="cisco-cuic-logo">
                    <url>/desktop/scripts/js/logo.js</url>
                </component>
            </headercolumn>
            <headercolumn width="230px">
                <component id="agent-voice-state">
                    <url>/desktop/scripts/js/agentvoicestate.component.js</url>
                </component>
            </headercolumn>
            <headercolumn width="251px">
                <component id="nonvoice-state-menu">
                    <url>/desktop/scripts/js/nonvoice-state-menu.component.js</url>
                </component>
            </headercolumn>
        </leftAlignedColumns>
        <rightAlignedColumns>
            <headercolumn width="50px">
                <component id="broadcastmessagepopover">
                    <url>/desktop/scripts/js/teammessage.component.js</url>
                </component>
            </headercolumn>
            <headercolumn width="50px">
                <component id="chat">
                    <url>/desktop/scripts/js/chat.component.js</url>
                </component>
            </headercolumn>
            <headercolumn width="72px">
                <component id="identity-component">
                    <url>/desktop/scripts/js/identity-component.js</url>
                </component>
            </headercolumn>
        </rightAlignedColumns>
    </header>
    <layout>
        <role>Agent</role>
        <page>
            <gadget>/desktop/scripts/js/callcontrol.js</gadget>
            <gadget id="agentMultiTabGadgetContainer">/desktop/scripts/js/tabbedGadgets.js</gadget>
        </page>
        <tabs>
            <tab>
                <id>home</id>
                <icon>home</icon>
                <label>finesse.container.tabs.agent.homeLabel</label>
                <columns>
                    <column>
                        <!-- The following gadget is used for viewing the queue statistics of an agent. -->
                        <gadgets>
                            <gadget>/desktop/scripts/js/queueStatistics.js</gadget>
                        </gadgets>
                    </column>
                </columns>
            </tab>
            <tab>
                <id>myStatistics</id>
                <icon>manage_reports</icon>
                <label>finesse.container.tabs.agent.myStatisticsLabel</label>
                <columns>
                    <column>
                        <gadgets>
                            <gadget maxRows="5" managedBy="agentMultiTabGadgetContainer">https://my-cuic-server:8444/cuic/gadget/LiveData/LiveDataGadget.jsp?gadgetHeight=310&amp;viewId_1=9AB7848B10000141000001C50A0006C4&amp;filterId_1=agent.id=CL%20teamName</gadget>
                            <gadget maxRows="5">https://my-cuic-server:8444/cuic/gadget/LiveData/LiveDataGadget.jsp?gadgetHeight=310&amp;viewId_1=B7371BE210000144000002870A0007C5&amp;filterId_1=agentTaskLog.id=CL%20teamName</gadget>
                        </gadgets>
                    </column>
                </columns>
            </tab>
            <tab>
                <id>myHistory</id>
                <icon>history</icon>
                <label>finesse.container.tabs.agent.myHistoryLabel</label>
                <columns>
                    <column>
                        <gadgets>
                            <gadget>/desktop/scripts/js/callhistory.js</gadget>
                            <gadget>/desktop/scripts/js/statehistory.js</gadget>
                        </gadgets>
                    </column>
                </columns>
            </tab>
            <!-- Uncomment to show the Customer Context gadget.
            <tab>
                <id>manageCustomer</id>
                <icon>manage_customer</icon>
                <label>finesse.container.tabs.agent.manageCustomerLabel</label>
                <columns>
                    <column>
                        <gadgets>
                            <gadget>/desktop/gadgets/CustomerContext.xml</gadget>
                        </gadgets>
                    </column>
                </columns>
            </tab>
            -->
        </tabs>
    </layout>
    <layout>
        <role>Supervisor</role>
        <page>
            <gadget>/desktop/scripts/js/callcontrol.js</gadget>
        </page>
        <tabs>
            <tab>
                <id>home</id>
                <icon>home</icon>
                <label>finesse.container.tabs.supervisor.homeLabel</label>
                <columns>
                    <column>
                        <gadgets>
                            <gadget>/desktop/scripts/js/teamPerformance.js</gadget>
                            <gadget>/desktop/scripts/js/queueStatistics.js</gadget>
                        </gadgets>
                    </column>
                </columns>
            </tab>
            <tab>
                <id>teamData</id>
                <icon>team_data</icon>
                <label>finesse.container.tabs.supervisor.teamDataLabel</label>
                <columns>
                    <column>
                        <gadgets>
                            <gadget alternateHosts="my-cuic-server-b">https://my-cuic-server:8444/cuic/gadget/LiveData/LiveDataGadget.jsp?gadgetHeight=310&amp;viewId_1=B71A630C10000144000002480A0007C5&amp;filterId_1=agent.id=CL%20teamName</gadget>
                        </gadgets>
                    </column>
                </columns>
            </tab>
        </tabs>
    </layout>
</finesseLayout>\n`;
